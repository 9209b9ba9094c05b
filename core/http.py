"""HTTP vocabulary every app's views share: where it is safe to send a reader back to, and the
one "that did not work" answer (400) for a request the site refuses for a reason."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_url(request: HttpRequest, url: str) -> bool:
    """Whether ``url`` stays on this site (no open redirect to another host or scheme)."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def next_url(request: HttpRequest, default: str = "") -> str:
    """The ``next`` parameter (POST first, then GET) when it is one of ours, else ``default``."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return candidate if is_safe_url(request, candidate) else default


def referer_path(request: HttpRequest, default: str = "/") -> str:
    """The path of the page that sent this request, when it is one of ours."""
    referer = request.headers.get("Referer", "")
    return urlsplit(referer).path or default if is_safe_url(request, referer) else default


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def bad_request(request: HttpRequest, *reasons: str, back_url: str = "") -> HttpResponse:
    """A 400 that says why, in the reader's language: JSON for scripts, the 400 page otherwise.
    ``back_url`` (safe, or the referring page) is where the page's button leads."""
    reasons = [str(reason) for reason in reasons]
    if wants_json(request):
        return JsonResponse({"error": " ".join(reasons)}, status=400)
    if not is_safe_url(request, back_url):
        back_url = referer_path(request, default="")
    return render(request, "400.html", {"reasons": reasons, "back_url": back_url}, status=400)


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's IP address, trusting X-Forwarded-For only as far as our own proxies.

    Each trusted proxy appends the address it received the request from, so the client is the
    entry that many places from the right; anything further left was written by the client.
    """
    candidate = request.META.get("REMOTE_ADDR", "")
    trusted = settings.WENDA_TRUSTED_PROXY_COUNT
    if trusted > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [part.strip() for part in forwarded if part.strip()]
        if len(forwarded) >= trusted:
            candidate = forwarded[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None
