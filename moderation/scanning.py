"""What the secret scan (`manage.py scan_secrets`) looks at, and how each kind is taken down.

Moderation knows the forum's posts and revisions. Apps above it (the FAQ) register their own
content in their ``AppConfig.ready()`` with ``register_source()``: moderation never imports them,
and each app takes its own content down through its own services.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from core.secrets import find_published_secrets, find_secrets


@dataclass
class ScanItem:
    """One stored thing to scan.

    ``take_down(actor, summary)`` puts a published item out of view (hide, unpublish) and
    returns what it did; a revision instead has ``redact(replacements)``, since history cannot
    be hidden. ``out_of_view`` names why an item needs nothing ("hidden", "unpublished").
    """

    name: str
    texts: dict[str, str]
    out_of_view: str = ""
    take_down: Callable | None = None
    redact: Callable | None = None
    # Revisions are redacted at the secret's position in the source; published text is judged
    # as displayed too (find_published_secrets).
    find: Callable = field(default=find_published_secrets)


_sources: list[Callable[[], Iterable[ScanItem]]] = []


def register_source(items: Callable[[], Iterable[ScanItem]]) -> None:
    if items not in _sources:
        _sources.append(items)


def registered_items() -> Iterator[ScanItem]:
    for items in _sources:
        yield from items()


def revision_item(name: str, texts: dict[str, str], redact: Callable) -> ScanItem:
    return ScanItem(name=name, texts=texts, redact=redact, find=find_secrets)
