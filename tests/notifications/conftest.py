import pytest


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Run a write and deliver the events it announced, as a commit would."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run
