import logging
import re
import time
import uuid
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import storages

from core.logs import request_id_var

# Inline script and style are forbidden: even if sanitising ever let markup through, the browser
# would not run it. Everything the site needs is served from /static/. Images come from the site
# itself and from the host that serves uploads (an S3 bucket or CDN), nowhere else: posts cannot
# load tracking pixels ({media} is that host, or nothing).
POLICY_TEMPLATE = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'{media}; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DEFAULT_POLICY = POLICY_TEMPLATE.format(media="")


@cache
def _media_origin(storage_config: str) -> str:
    """The scheme and host of uploaded files' URLs when another host serves them, else "".
    Asked of the storage itself, so any backend and custom domain is covered; cached per
    storage configuration (building an S3 URL signs nothing and needs no network)."""
    url = storages["default"].url("uploads/probe.png")
    parts = urlsplit(url)
    if not parts.netloc:
        return ""
    return f"{parts.scheme or 'https'}://{parts.netloc}"


def default_policy() -> str:
    origin = _media_origin(repr(settings.STORAGES.get("default")))
    return POLICY_TEMPLATE.format(media=f" {origin}" if origin else "")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "WENDA_CONTENT_SECURITY_POLICY", None)
        if policy is None:
            policy = default_policy()
        # The admin ships inline scripts; it is staff-only and keeps Django's own protections.
        if policy and not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


# An incoming X-Request-ID (from the load balancer or proxy) is kept when it looks like an id:
# letters, digits and - _ . : only, at most 128 characters; anything else gets a fresh one.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
request_logger = logging.getLogger("wenda.request")


class RequestIdMiddleware:
    """Gives each request an id (X-Request-ID in and out, carried by every log line written
    while it is served) and logs one line per request with its status and duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
            response.headers["X-Request-ID"] = request_id
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            request_logger.info(
                "%s %s %s %.1f ms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            request_id_var.reset(token)
