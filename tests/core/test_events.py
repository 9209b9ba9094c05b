"""core.events: delivered after the commit, each handler on its own, never undoing the post."""

from dataclasses import dataclass

import pytest
from django.db import transaction

from core import events


@dataclass(frozen=True)
class Happened(events.Event):
    value: int


@pytest.fixture
def received():
    seen = []

    def handler(event):
        seen.append(event.value)

    events.subscribe(Happened, handler)
    yield seen
    events.unsubscribe(Happened, handler)


def test_an_event_reaches_subscribers_only_after_the_commit(
    db, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        events.announce(Happened(value=1))
        assert received == []
    assert received == [1]


def test_an_event_of_a_rolled_back_transaction_is_never_delivered(
    db, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                events.announce(Happened(value=2))
                raise RuntimeError("the post failed")
        except RuntimeError:
            pass
    assert callbacks == [] and received == []


def test_a_failing_handler_is_logged_and_the_others_still_run(db, received, caplog):
    def broken(event):
        raise ValueError("boom")

    events.subscribe(Happened, broken)
    try:
        events.subscribe(Happened, broken)  # twice is once
        events.deliver(Happened(value=3))
    finally:
        events.unsubscribe(Happened, broken)
    assert received == [3]
    failures = [r for r in caplog.records if "failed for Happened(value=3)" in r.getMessage()]
    assert len(failures) == 1  # subscribed twice, called once
