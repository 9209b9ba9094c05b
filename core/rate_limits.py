"""Per-address limits on public endpoints that cost CPU (search, suggestions while typing).

Two fixed windows per endpoint: a minute, generous enough for a person typing or paging through
results, and an hour, which a script running at that pace soon exhausts. Counters live in the
``rate_limits`` cache, on disk by default, so every web process on the box counts the same
visitor (an in-memory cache would give each gunicorn worker its own allowance). A refused
request gets 429 with Retry-After and a reason, never a 500; if the cache itself fails, the
request is served (a limit is not worth an outage)."""

import logging
import math
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.http import client_ip, wants_json

logger = logging.getLogger("wenda.rate_limits")

clock = time.time  # the windows' clock (tests stand it still)


@dataclass(frozen=True)
class Window:
    requests: int
    seconds: int


def _windows(scope: str) -> list[Window]:
    minute, hour = settings.WENDA_RATE_LIMITS[scope]
    return [Window(minute, 60), Window(hour, 3600)]


def retry_after(request: HttpRequest, scope: str) -> int | None:
    """Count this request against the visitor's windows; the seconds until the fullest window
    opens again if one is over its limit, else None."""
    address = client_ip(request) or "unknown"
    cache = caches["rate_limits"]
    now = clock()
    wait = None
    for window in _windows(scope):
        if window.requests <= 0:
            continue  # 0 turns this window off
        slot = int(now // window.seconds)
        key = f"{scope}:{window.seconds}:{address}:{slot}"
        try:
            cache.add(key, 0, timeout=window.seconds + 1)
            count = cache.incr(key)
        except Exception:  # noqa: BLE001 - a broken counter store must not take search down
            logger.exception("Rate-limit counter unavailable; request allowed")
            return None
        if count > window.requests:
            opens_in = math.ceil((slot + 1) * window.seconds - now)
            wait = max(wait or 0, max(opens_in, 1))
    return wait


def too_many_requests(request: HttpRequest, seconds: int) -> HttpResponse:
    reason = _(
        "Too many searches from your address in a short time. Try again in %(seconds)d seconds."
    ) % {"seconds": seconds}
    if wants_json(request) or request.path.startswith("/api/"):
        response = JsonResponse({"error": reason}, status=429)
    else:
        response = render(request, "429.html", {"reason": reason}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def rate_limited(scope: str):
    """Refuse a view with 429 once the visitor's address is over the ``scope`` limits
    (settings.WENDA_RATE_LIMITS)."""

    def decorate(view):
        @wraps(view)
        def limited(request: HttpRequest, *args, **kwargs):
            wait = retry_after(request, scope)
            if wait is not None:
                logger.info("Rate limit %s reached for a visitor; retry in %d s", scope, wait)
                return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return limited

    return decorate
