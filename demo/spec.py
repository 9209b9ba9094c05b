"""The shapes demo content is written in. Bodies are wrapped and indented so they read well in
the source; ``prose()`` undoes that, since the forum renders a single newline as a line break."""

import re
import textwrap
from dataclasses import dataclass

_BLOCK_START = re.compile(r"^(?:[-*] |\d+\. |\||#|>|```)")


def _joiner(before: str, after: str) -> str:
    # Chinese wraps join without a space; anything next to Latin text gets one.
    return "" if not before[-1].isascii() and not after[0].isascii() else " "


def prose(source: str) -> str:
    """Dedent, then join hard-wrapped lines back into their paragraph or list item. Fenced code,
    table rows, headings and new list items keep their own lines."""
    lines: list[str] = []
    in_fence = False
    for raw in textwrap.dedent(source).strip().splitlines():
        line = raw.strip()
        if line.startswith("```"):
            in_fence = not in_fence
            lines.append(raw)
            continue
        previous = lines[-1].strip() if lines else ""
        if (
            in_fence
            or not line
            or _BLOCK_START.match(line)
            or not previous
            or (previous.startswith(("|", "#", "```")))
        ):
            lines.append(raw.rstrip())
        else:
            lines[-1] = lines[-1].rstrip() + _joiner(previous, line) + line
    return "\n".join(lines)


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


def answer(
    author: str,
    body: str,
    *,
    up: int = 0,
    down: int = 0,
    accepted: bool = False,
    hours: float = 3.0,
) -> DemoAnswer:
    return DemoAnswer(
        author=author, body=prose(body), up=up, down=down, is_accepted=accepted, hours_later=hours
    )


def thread(
    author: str,
    category: str,
    title: str,
    body: str,
    *,
    tags: str,
    days: float,
    answers: tuple[DemoAnswer, ...] | list[DemoAnswer] = (),
    up: int = 0,
    down: int = 0,
) -> DemoThread:
    return DemoThread(
        author=author,
        category=category,
        title=title,
        body=prose(body),
        tags=tuple(tags.split()),
        days_ago=days,
        answers=tuple(answers),
        up=up,
        down=down,
    )
