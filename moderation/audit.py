"""How audit log entries read on the page, in the reader's language.

The log stores plain data (ids, slugs, choice values) so that it stays true when names,
titles and translations change. This module turns a page of entries into rows a template
prints: names instead of user ids, translated labels instead of choice values, links to the
posts. Lookups are batched per page, so a page costs the same few queries however long it is.
Call it while the reader's language is active (in the view), not at import time.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from forum.models import Category, Thread
from moderation.models import AuditLogEntry, EscalationStatus, Urgency

# The snapshots moderation.services._target_label writes, for posts purged since.
_THREAD_SNAPSHOT = re.compile(r"^Thread #\d+: (?P<title>.*)$", re.DOTALL)
_ANSWER_SNAPSHOT = re.compile(r"^Answer #\d+ on thread #\d+$")


@dataclass(frozen=True)
class AuditDetail:
    label: str
    value: str
    url: str = ""


@dataclass(frozen=True)
class AuditRow:
    entry: AuditLogEntry
    action: str
    target: str
    target_url: str = ""
    details: list[AuditDetail] = field(default_factory=list)


def _labels() -> dict[str, str]:
    # Built per call: gettext must run in the reader's language.
    return {
        "flags": _("flags closed"),
        "was_accepted": _("was the accepted answer"),
        "accepted_again": _("accepted again"),
        "from_category": _("from category"),
        "to_category": _("to category"),
        "duplicate_of": _("duplicate of thread"),
        "was_duplicate_of": _("was a duplicate of thread"),
        "urgency": _("urgency"),
        "status": _("status"),
        "assigned_to": _("assigned to"),
        "fields": _("changed"),
        "faq_entry": _("FAQ entry"),
        "image": _("image"),
    }


_BOOLEAN_KEYS = {"was_accepted", "accepted_again"}
_CATEGORY_KEYS = {"from_category", "to_category"}
_THREAD_KEYS = {"duplicate_of", "was_duplicate_of"}
_USER_KEYS = {"assigned_to"}


class _Lookups:
    """The users, categories and threads a page of entries mentions, read in one query each."""

    def __init__(self, entries: list[AuditLogEntry]):
        user_ids, slugs, thread_ids = set(), set(), set()
        for entry in entries:
            for key, value in entry.details.items():
                values = value if isinstance(value, list) else [value]
                if key in _USER_KEYS:
                    user_ids.update(v for v in values if isinstance(v, int))
                elif key in _CATEGORY_KEYS:
                    slugs.update(v for v in values if isinstance(v, str))
                elif key in _THREAD_KEYS:
                    thread_ids.update(v for v in values if isinstance(v, int))
        users = get_user_model().objects
        self.users = users.in_bulk(user_ids) if user_ids else {}
        self.categories = (
            {c.slug: c for c in Category.objects.filter(slug__in=slugs)} if slugs else {}
        )
        self.threads = Thread.objects.in_bulk(thread_ids) if thread_ids else {}


def _show_value(key: str, value, lookups: _Lookups) -> str:
    if value is None:
        return _("nobody") if key in _USER_KEYS else "—"
    if key in _BOOLEAN_KEYS:
        return _("Yes") if value else _("No")
    if key in _USER_KEYS:
        user = lookups.users.get(value)
        return user.public_name if user is not None else _("a removed user")
    if key in _CATEGORY_KEYS:
        category = lookups.categories.get(value)
        return category.display_name if category is not None else str(value)
    if key == "urgency":
        return str(Urgency(value).label) if value in Urgency.values else str(value)
    if key == "status":
        return str(EscalationStatus(value).label) if value in EscalationStatus.values else value
    if key == "fields":
        names = {"title": _("title"), "body": _("body")}
        return ", ".join(str(names.get(name, name)) for name in value)
    if key in _THREAD_KEYS:
        thread = lookups.threads.get(value)
        return thread.title if thread is not None else _("a removed thread")
    return str(value)


def _detail(key: str, value, details: dict, labels: dict, lookups: _Lookups) -> AuditDetail:
    label = str(labels.get(key, key))
    if isinstance(value, list) and len(value) == 2 and key != "fields":
        # A change: [before, after].
        before, after = (_show_value(key, v, lookups) for v in value)
        return AuditDetail(label, f"{before} → {after}")
    url = details.get(f"{key}_url", "")
    if key in _THREAD_KEYS and value in lookups.threads:
        url = lookups.threads[value].get_absolute_url()
    return AuditDetail(label, _show_value(key, value, lookups), url)


def _target(entry: AuditLogEntry) -> tuple[str, str]:
    if entry.answer is not None:
        answer = entry.answer
        text = _("Answer by %(author)s in “%(title)s”") % {
            "author": answer.author.public_name,
            "title": answer.thread.title,
        }
        return text, answer.get_absolute_url()
    if entry.thread is not None:
        return entry.thread.title, entry.thread.get_absolute_url()
    # The post was purged: only the snapshot is left.
    if match := _THREAD_SNAPSHOT.match(entry.target_label):
        return _("“%(title)s” (removed thread)") % {"title": match["title"]}, ""
    if _ANSWER_SNAPSHOT.match(entry.target_label):
        return _("A removed answer"), ""
    return entry.target_label, ""


def audit_rows(entries) -> list[AuditRow]:
    """The entries (a list or queryset from moderation.selectors.audit_log_*) as page rows."""
    entries = list(entries)
    lookups = _Lookups(entries)
    labels = _labels()
    rows = []
    for entry in entries:
        target, target_url = _target(entry)
        details = [
            _detail(key, value, entry.details, labels, lookups)
            for key, value in entry.details.items()
            if not key.endswith("_url")
        ]
        rows.append(
            AuditRow(
                entry=entry,
                action=str(entry.get_action_display()),
                target=target,
                target_url=target_url,
                details=details,
            )
        )
    return rows
