"""With the database task backend (what production runs): the mail task waits in the queue for
`db_worker`, and after an SMTP failure the worker's own deferred retry sends it."""

import io

from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from notifications.models import MailStatus, OutgoingMail
from tests.factories import make_thread, make_user


def _worker_batch(**options) -> None:
    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO(), **options
    )


def test_the_worker_sends_queued_mail_and_retries_it_after_an_outage_by_itself(
    transactional_db,
    client,
    django_capture_on_commit_callbacks,
    mail_server,
    category,
    other_user,
    settings,
):
    # Committed rows, as the worker sees them in production: it closes "old" connections
    # between tasks, which inside a test's transaction would end the test's connection.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WENDA_MAIL_RETRY_SECONDS = 0
    asker = make_user(username="tom", email="tom@example.com")
    thread = make_thread(author=asker, category=category)
    mail_server.stop()
    client.force_login(other_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("forum:answer_create", args=[thread.pk]), {"body": "Hi."})
    assert response.status_code == 302
    mail = OutgoingMail.objects.get()
    assert mail.attempts == 0 and DBTaskResult.objects.count() == 1  # nothing ran in the request

    _worker_batch(max_tasks=1)  # the attempt fails; the task queues its own retry
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 1)
    retry = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert retry.run_after is not None and DBTaskResult.objects.count() == 2

    mail_server.start()
    _worker_batch()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 2)
    assert [m["To"] for m in mail_server.messages] == ["tom@example.com"]
