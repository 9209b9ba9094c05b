"""Reads about members that encode a rule: who counts as staff or moderator, public profiles."""

import threading
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import LoginAttempt
from core.roles import MODERATE_PERMISSION


def _moderate_permission_filter(prefix: str = "") -> Q:
    app_label, codename = MODERATE_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return Q(**{f"{prefix}groups__permissions__in": permission}) | Q(
        **{f"{prefix}user_permissions__in": permission}
    )


def user_list_moderators() -> QuerySet:
    """Active members who moderate: the same people ``core.roles.is_moderator`` says yes to."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_staff=True) | Q(is_superuser=True) | _moderate_permission_filter())
        .distinct()
    )


_moderator_ids_cache: tuple[float, frozenset[int]] | None = None
_moderator_ids_forgotten = 0  # counts forget_moderator_ids() calls
_moderator_ids_lock = threading.Lock()


def user_moderator_ids() -> frozenset[int]:
    """The ids of ``user_list_moderators()``, for the role badges every page shows next to its
    authors. The query scans the active members with their groups' permissions (~2-3 ms at 100k
    threads' authors, a sixth of an anonymous thread page's CPU), so each process keeps the
    answer for WENDA_PAGE_CACHE_SECONDS (0: asked every time). A role change in this process
    drops it at once (accounts.receivers); other processes see it within that time, like the
    cached pages."""
    global _moderator_ids_cache
    seconds = int(getattr(settings, "WENDA_PAGE_CACHE_SECONDS", 0) or 0)
    now = time.monotonic()
    cached, forgotten = _moderator_ids_cache, _moderator_ids_forgotten
    if seconds > 0 and cached is not None and now - cached[0] < seconds:
        return cached[1]
    ids = frozenset(user_list_moderators().values_list("pk", flat=True))
    with _moderator_ids_lock:
        # A role change while the query ran may not be in its answer: then keep nothing.
        if seconds > 0 and forgotten == _moderator_ids_forgotten:
            _moderator_ids_cache = (now, ids)
    return ids


def forget_moderator_ids() -> None:
    global _moderator_ids_cache, _moderator_ids_forgotten
    with _moderator_ids_lock:
        _moderator_ids_cache = None
        _moderator_ids_forgotten += 1


def user_names_protected(*, exclude_user=None) -> list[str]:
    """Usernames and display names of staff and moderators, which members may not imitate.

    Inactive staff count too: a former official's name is still one people trust.
    """
    users = get_user_model().objects.filter(
        Q(is_staff=True) | Q(is_superuser=True) | _moderate_permission_filter()
    )
    if exclude_user is not None and exclude_user.pk is not None:
        users = users.exclude(pk=exclude_user.pk)
    names = []
    for username, display_name in users.distinct().values_list("username", "display_name"):
        names.append(username)
        if display_name:
            names.append(display_name)
    return names


def user_list_public() -> QuerySet:
    """Members whose profile anyone may see; deactivated accounts have no public profile."""
    return get_user_model().objects.filter(is_active=True)


def login_attempt_unlock_at(
    *, username_key: str, ip_address: str | None, is_known_device: bool = False
):
    """When the lock-out that applies to this log-in ends, or None if none does.

    Three limits, each over the last window:

    * failures for this username from this address: the usual guessing attack, which now locks
      the attacker's address only, not the owner's (issue 9.3);
    * failures from this address across usernames: one address trying many accounts;
    * failures for this username from any address (the slower per-account limit): an attack
      spread over many addresses. It would lock the owner out as well, so the owner's known
      device (accounts.devices) is exempt from it and from the first.

    A key unlocks when the failure that made it reach its limit drops out of the window.
    """
    window = timedelta(minutes=settings.WENDA_LOGIN_FAILURE_WINDOW_MINUTES)
    since = timezone.now() - window
    recent = LoginAttempt.objects.filter(attempted_at__gt=since)
    checks = []
    if not is_known_device:
        checks += [
            (
                recent.filter(username=username_key, ip_address=ip_address),
                settings.WENDA_LOGIN_FAILURES_PER_USERNAME,
            ),
            (recent.filter(username=username_key), settings.WENDA_LOGIN_FAILURES_PER_ACCOUNT),
        ]
    if ip_address:
        checks.append((recent.filter(ip_address=ip_address), settings.WENDA_LOGIN_FAILURES_PER_IP))
    unlock_times = []
    for failures, limit in checks:
        # Newest first: the limit-th newest failure is the one whose expiry lifts the lock.
        times = list(
            failures.order_by("-attempted_at").values_list("attempted_at", flat=True)[:limit]
        )
        if len(times) >= limit:
            unlock_times.append(times[limit - 1] + window)
    return max(unlock_times) if unlock_times else None
