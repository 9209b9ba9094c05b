"""The shapes demo content is written in. Bodies are dedented so they read well in the source."""

import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoAnswer:
    author: str
    body: str
    up: int = 0  # how many other demo users vote it up
    down: int = 0
    is_accepted: bool = False
    hours_later: float = 3.0  # after the question was asked


@dataclass(frozen=True)
class DemoThread:
    author: str
    category: str  # a slug from demo.categories
    title: str
    body: str
    tags: tuple[str, ...]
    days_ago: float
    answers: tuple[DemoAnswer, ...] = ()
    up: int = 0
    down: int = 0


def answer(author: str, body: str, *, up: int = 0, down: int = 0, accepted: bool = False,
           hours: float = 3.0) -> DemoAnswer:
    return DemoAnswer(author=author, body=textwrap.dedent(body).strip(), up=up, down=down,
                      is_accepted=accepted, hours_later=hours)


def thread(author: str, category: str, title: str, body: str, *, tags: str, days: float,
           answers: tuple[DemoAnswer, ...] | list[DemoAnswer] = (), up: int = 0,
           down: int = 0) -> DemoThread:
    return DemoThread(author=author, category=category, title=title,
                      body=textwrap.dedent(body).strip(), tags=tuple(tags.split()),
                      days_ago=days, answers=tuple(answers), up=up, down=down)
