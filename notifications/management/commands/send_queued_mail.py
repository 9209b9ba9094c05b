from django.core.management.base import BaseCommand

from notifications.mail.queueing import mail_list_due, mail_list_unsent
from notifications.mail.tasks import mail_deliver
from notifications.models import MailStatus


class Command(BaseCommand):
    help = (
        "Send every queued e-mail whose next attempt is due: the retry path that needs no task"
        " queue (after an SMTP outage, a lost task, or with WENDA_TASKS_IMMEDIATE=1)."
    )

    def handle(self, *args, **options):
        for mail_id in mail_list_due().order_by("pk").values_list("pk", flat=True):
            mail_deliver(mail_id)
        left = mail_list_unsent().filter(status=MailStatus.QUEUED).count()
        failed = mail_list_unsent().filter(status=MailStatus.FAILED).count()
        self.stdout.write(f"queued: {left}, failed: {failed}")
