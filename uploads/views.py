"""POST /uploads/: the editor's upload endpoint (issue 12). JSON in every case:
{"url", "markdown", "width", "height"} or {"error": reason} with a 4xx status."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uploads import services
from uploads.handlers import TOO_LARGE_FLAG
from uploads.limits import UploadRateLimited
from uploads.storage import file_url
from uploads.text import too_large_message


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": str(message)}, status=status)


@require_POST
def upload_create(request: HttpRequest) -> JsonResponse:
    # uploads.middleware already answered anonymous visitors and over-long bodies; a view
    # reached some other way still refuses them.
    if not request.user.is_authenticated:
        return _error(_("Log in to upload images."), 403)
    if getattr(request, TOO_LARGE_FLAG, False):
        return _error(too_large_message(), 413)
    file = request.FILES.get("image")
    if file is None:
        return _error(_("Choose an image to upload (the form field is “image”)."), 400)
    try:
        upload, markdown = services.upload_create(owner=request.user, file=file)
    except UploadRateLimited as error:
        response = _error(error.messages[0], 429)
        response["Retry-After"] = str(error.retry_after)
        return response
    except ValidationError as error:
        return _error(" ".join(error.messages), 400)
    return JsonResponse(
        {
            "url": file_url(upload.file_name),
            "markdown": markdown,
            "width": upload.width,
            "height": upload.height,
        },
        status=201,
    )
