from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.mail.digests import digests_send


class Command(BaseCommand):
    help = (
        "Queue the daily or weekly e-mail digest for every member with news in it (run by cron:"
        " the task worker does not schedule). Running it twice sends nothing the second time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=["daily", "weekly"], required=True)

    def handle(self, *args, frequency, **options):
        queued = digests_send(frequency=frequency, now=timezone.now())
        self.stdout.write(f"{queued} {frequency} digest(s) queued")
