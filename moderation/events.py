"""What moderation announces after a commit (core.events), for the apps above it to act on:
notifications tells the post's author, the asker or the flagger. Each event carries the words
the moderator or staff member wrote, as written, and ``at``: when it happened, so a subscriber
can tell a second delivery of one event from a new action of the same kind."""

from dataclasses import dataclass
from datetime import datetime

from core.events import Event


@dataclass(frozen=True)
class ModeratorAction(Event):
    """A moderator changed a member's post. ``answer_id`` is None for an action on the thread."""

    thread_id: int
    answer_id: int | None
    author_id: int
    moderator_id: int
    reason: str
    at: datetime


@dataclass(frozen=True)
class PostHidden(ModeratorAction):
    pass


@dataclass(frozen=True)
class ThreadClosed(ModeratorAction):
    original_id: int


@dataclass(frozen=True)
class ThreadMoved(ModeratorAction):
    from_category_id: int
    to_category_id: int


@dataclass(frozen=True)
class ThreadLocked(ModeratorAction):
    pass


@dataclass(frozen=True)
class EscalationUpdated(Event):
    """Staff changed an escalation; ``note`` is the latest staff note, ``status`` the status
    after the change (``status_changed`` says whether this update changed it)."""

    escalation_id: int
    thread_id: int
    staff_id: int
    status: str
    status_changed: bool
    note: str
    at: datetime


@dataclass(frozen=True)
class FlagResolved(Event):
    """A flag was closed: ``status`` is its FlagStatus (dismissed, acted on, post restored)."""

    flag_id: int
    flagger_id: int
    moderator_id: int
    status: str
    at: datetime
