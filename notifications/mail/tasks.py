"""The background task that sends one OutgoingMail (django-tasks; `manage.py db_worker` runs it,
or it runs in-process when WENDA_TASKS_IMMEDIATE=1). It carries only the row's id."""

from django.db import transaction
from django_tasks import task


def mail_deliver(mail_id: int) -> None:
    """Send it now; after a failure, ask the queue to try again when the backoff says, where the
    backend can wait (the immediate backend cannot: `send_queued_mail` covers it)."""
    # Imported when a mail is sent, not with this module: notifications.services imports this
    # module to enqueue, and sending needs the presentation, whose modules import the services.
    from notifications.mail import sending

    retry_at = sending.mail_send(mail_id=mail_id)
    if retry_at is not None and mail_send_task.get_backend().supports_defer:
        mail_send_task.using(run_after=retry_at).enqueue(mail_id)


@task()
def mail_send_task(mail_id: int) -> None:
    mail_deliver(mail_id)


def mail_enqueue_after_commit(mail_id: int) -> None:
    # robust: a queue that cannot be reached must not fail the commit's other callbacks; the
    # row stays queued and `send_queued_mail` sends it.
    transaction.on_commit(lambda: mail_send_task.enqueue(mail_id), robust=True)
