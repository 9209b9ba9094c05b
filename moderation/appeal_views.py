"""The appeal page: the author of a hidden post asks moderators to look again. The banner on the
post (moderation/_hidden_notice.html) posts here too; a refused or empty appeal comes back to
this page with the typed text kept."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.decorators import login_required
from forum import access as forum_access
from moderation import appeals
from moderation.forms import AppealForm


def _appeal(request: HttpRequest, post, kind: str) -> HttpResponse:
    refusal = appeals.appeal_refusal(user=request.user, post=post)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            appeals.appeal_create(user=request.user, post=post, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("Your appeal is with the moderators."))
            return redirect(post.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"post": post, "kind": kind, "form": form, "refusal": refusal}
    return render(request, "moderation/appeal_create.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    return _appeal(request, forum_access.thread_get(request.user, thread_id), "thread")


@login_required
@require_http_methods(["GET", "POST"])
def appeal_answer(request: HttpRequest, answer_id: int) -> HttpResponse:
    return _appeal(request, forum_access.answer_get(request.user, answer_id), "answer")
