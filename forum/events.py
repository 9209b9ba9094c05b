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
