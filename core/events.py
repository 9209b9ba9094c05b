"""Events: how a lower app tells higher apps that something happened, without importing them.

Apps depend one way (docs/architecture.md): the forum cannot call moderation or notifications.
Instead a service *announces* an event (a small frozen dataclass of ids and plain values, defined
by the app that announces it), and higher apps *subscribe* to its class in their
``AppConfig.ready()``. Handlers run after the announcing transaction commits, so they never see
(or act on) a change that was rolled back, and each runs in its own transaction: one failing
handler is logged and does not undo the post or stop the other handlers.

    # forum/events.py                       # moderation/apps.py ready()
    @dataclass(frozen=True)                 events.subscribe(ThreadCreated, open_escalation)
    class ThreadCreated(Event):
        thread_id: int                      # forum/services.py, inside the atomic block
                                            events.announce(ThreadCreated(thread_id=thread.pk))

Events carry ids, not model instances: a handler re-reads what it needs, as of the commit.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

logger = logging.getLogger(__name__)

_subscribers: dict[type, list[Callable]] = defaultdict(list)


@dataclass(frozen=True)
class Event:
    """Base class of every event; subclasses add the fields their subscribers need."""


def subscribe(event_type: type[Event], handler: Callable[[Event], None]) -> None:
    """Call ``handler(event)`` after each commit that announced an ``event_type`` (or subclass).

    Subscribing twice is a no-op, so ready() may run more than once (tests, reloads).
    """
    if handler not in _subscribers[event_type]:
        _subscribers[event_type].append(handler)


def unsubscribe(event_type: type[Event], handler: Callable[[Event], None]) -> None:
    if handler in _subscribers[event_type]:
        _subscribers[event_type].remove(handler)


def handlers_for(event: Event) -> list[Callable]:
    found = []
    for event_type in type(event).__mro__:
        found += [h for h in _subscribers.get(event_type, ()) if h not in found]
    return found


def announce(event: Event, *, using: str = "default") -> None:
    """Deliver ``event`` to its subscribers once the current transaction commits (at once when
    there is none)."""
    transaction.on_commit(lambda: deliver(event), using=using, robust=True)


def deliver(event: Event) -> None:
    for handler in handlers_for(event):
        try:
            with transaction.atomic():
                handler(event)
        except Exception:
            # The announcing change is committed; a subscriber's failure must not turn it into
            # an error page. The log says which handler and which event.
            logger.exception("Event handler %s failed for %r", _name(handler), event)


def _name(handler) -> str:
    return f"{getattr(handler, '__module__', '?')}.{getattr(handler, '__qualname__', handler)}"
