"""The plain file field of the post forms, for members without JavaScript (issue 12): the
image is uploaded when the form is sent and its Markdown appended to the text."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from uploads import services
from uploads.handlers import TOO_LARGE_FLAG
from uploads.limits import UploadRateLimited
from uploads.text import too_large_message

ACCEPTED_TYPES = "image/png,image/jpeg,image/webp,image/gif"


def image_upload_field() -> forms.FileField:
    """Named ``image`` on every form (the editor script finds it by that name and its id)."""
    return forms.FileField(
        label=_("Add an image"),
        required=False,
        help_text=_(
            "PNG, JPEG, WebP or GIF. It is added to the end of your text; metadata such as "
            "the place a photo was taken is removed."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
    )


def append_form_image(request: HttpRequest, form: forms.Form, *, body_field: str) -> bool:
    """Upload the form's image, if one was sent, and append its Markdown to ``body_field``
    (in cleaned_data and in the data the form re-renders with, so a later error on the page
    keeps both the text and the image). False, with the reason on the field, if refused."""
    if getattr(request, TOO_LARGE_FLAG, False):
        form.add_error("image", too_large_message())
        return False
    file = form.cleaned_data.get("image")
    if not file:
        return True
    try:
        _upload, markdown = services.upload_create(owner=request.user, file=file)
    except UploadRateLimited as error:
        form.add_error("image", error.messages[0])
        return False
    except ValidationError as error:
        form.add_error("image", error)
        return False
    body = form.cleaned_data.get(body_field, "").rstrip()
    body = f"{body}\n\n{markdown}" if body else markdown
    form.cleaned_data[body_field] = body
    data = form.data.copy()
    data[body_field] = body
    form.data = data
    return True
