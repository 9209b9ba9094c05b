"""What the FAQ announces after a commit (core.events), for the apps above it: notifications
tells the credited author. The FAQ imports none of them."""

from dataclasses import dataclass

from core.events import Event


@dataclass(frozen=True)
class AnswerPromoted(Event):
    entry_id: int
    answer_id: int
    thread_id: int
    author_id: int
    promoted_by_id: int
