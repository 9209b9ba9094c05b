"""Refuse an over-large upload before its body is read (issue 12).

Sits before core.form_body.FormBodyMiddleware, which parses every form body. A multipart body
whose Content-Length is past the upload cap (plus room for the form's text fields) is answered
413 at once, so a 50 MB body costs the server a header, not 50 MB of temporary file. The upload
endpoint also answers an anonymous visitor here, before reading anything.
"""

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from core.http import bad_request, wants_json
from uploads.text import too_large_message

# A form with an image also carries its text fields (a 30,000-character body is ~120 kB in UTF-8
# at worst) and multipart framing.
FORM_ALLOWANCE_BYTES = 512 * 1024


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return self.get_response(request)
        is_endpoint = request.path == reverse("uploads:create")
        if is_endpoint and not request.user.is_authenticated:
            message = _("Log in to upload images.")
            return JsonResponse({"error": message}, status=403)
        limit = settings.WENDA_UPLOAD_MAX_BYTES + FORM_ALLOWANCE_BYTES
        if _declared_length(request) > limit:
            message = too_large_message()
            if is_endpoint or wants_json(request):
                return JsonResponse({"error": message}, status=413)
            response = bad_request(request, message)
            response.status_code = 413
            return response
        return self.get_response(request)
