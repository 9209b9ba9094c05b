from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.decorators import moderator_required
from core.http import next_url
from forum import access as forum_access
from moderation.forms import ReasonForm
from moderation.image_removal import post_image_remove


def _remove(request: HttpRequest, post, upload_id: int) -> HttpResponse:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
    else:
        try:
            post_image_remove(
                moderator=request.user,
                post=post,
                upload_id=upload_id,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The image was removed for good."))
    return redirect(next_url(request, post.get_absolute_url()))


@require_POST
@moderator_required
def thread_image_remove(request: HttpRequest, thread_id: int, upload_id: int) -> HttpResponse:
    return _remove(request, forum_access.thread_get(request.user, thread_id), upload_id)


@require_POST
@moderator_required
def answer_image_remove(request: HttpRequest, answer_id: int, upload_id: int) -> HttpResponse:
    return _remove(request, forum_access.answer_get(request.user, answer_id), upload_id)
