import pytest

from tests.notifications.mailserver import MailServer


@pytest.fixture
def mail_server(settings):
    """Django sends through SMTP to a server in this process (stopped after the test)."""
    server = MailServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.WENDA_SITE_URL = "https://wenda.example"
    yield server
    server.stop()


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Run a write and deliver what it left for after the commit (events, mail tasks)."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run
