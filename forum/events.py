"""What the forum announces after a commit (core.events), for the apps above it to act on:
moderation opens escalations, notifications tell people. The forum imports none of them."""

from dataclasses import dataclass

from core.events import Event


@dataclass(frozen=True)
class ThreadCreated(Event):
    thread_id: int
    author_id: int
    category_id: int


@dataclass(frozen=True)
class ThreadEdited(Event):
    thread_id: int
    editor_id: int
    text_changed: bool
    category_changed: bool


@dataclass(frozen=True)
class AnswerCreated(Event):
    answer_id: int
    thread_id: int
    author_id: int


@dataclass(frozen=True)
class AnswerEdited(Event):
    answer_id: int
    thread_id: int
    editor_id: int


@dataclass(frozen=True)
class AnswerAccepted(Event):
    answer_id: int
    thread_id: int
    accepted_by_id: int


@dataclass(frozen=True)
class MembersMentioned(Event):
    """A post (the question when ``answer_id`` is None) names members as "@name": on creation
    all of them, on an edit only those the previous text did not name. ``user_ids`` are active
    members, in the order first written; ``author_id`` wrote the text (the editor of an edit)."""

    thread_id: int
    answer_id: int | None
    author_id: int
    user_ids: tuple[int, ...]
