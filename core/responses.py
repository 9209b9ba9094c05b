"""Error responses that core middleware answers with before a view runs."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _safe_referer(request: HttpRequest) -> str:
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def bad_request(request: HttpRequest, reason: str) -> HttpResponse:
    """A 400 that says why: the reason page in the reader's language, or JSON if asked for."""
    if wants_json(request):
        return JsonResponse({"error": reason}, status=400)
    context = {"reasons": [reason], "back_url": _safe_referer(request)}
    return render(request, "400.html", context, status=400)
