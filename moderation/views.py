"""Moderation, staff queue, audit log and dashboard views.

Permissions are the same everywhere: an anonymous visitor is sent to log in, a signed-in user
without the role gets a 403 page that says why. Actions are POST-only (405 on GET) and CSRF
protected; a missing or deleted post is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.decorators import login_required, moderator_required, staff_required
from core.http import next_url
from forum import access as forum_access
from forum import selectors as forum_selectors
from moderation import access as moderation_access
from moderation import escalations, selectors, services, thread_actions
from moderation.audit import audit_rows
from moderation.forms import (
    DuplicateForm,
    EscalationUpdateForm,
    FlagForm,
    MoveForm,
    NeedsStaffForm,
    ReasonForm,
)
from moderation.models import AuditAction, Escalation, EscalationStatus

AUDIT_LOG_PAGE_SIZE = 50


def _thread_or_404(request: HttpRequest, thread_id: int):
    return forum_access.thread_get(request.user, thread_id)


def _answer_or_404(request: HttpRequest, answer_id: int):
    return forum_access.answer_get(request.user, answer_id)


# Flags ------------------------------------------------------------------------------------------


def _flag(request: HttpRequest, post, kind: str) -> HttpResponse:
    refusal = None
    try:
        services.flag_check_allowed(user=request.user, post=post)
    except ValidationError as error:
        refusal = error.messages[0]
    form = FlagForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            services.flag_create(user=request.user, post=post, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("text" if error.code == "text_required" else None, error)
        else:
            messages.success(request, _("Thank you. Moderators will review this post."))
            return redirect(post.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "moderation/flag_create.html",
        {"post": post, "kind": kind, "form": form, "refusal": refusal},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def flag_thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    return _flag(request, _thread_or_404(request, thread_id), "thread")


@login_required
@require_http_methods(["GET", "POST"])
def flag_answer(request: HttpRequest, answer_id: int) -> HttpResponse:
    return _flag(request, _answer_or_404(request, answer_id), "answer")


@moderator_required
def flag_queue(request: HttpRequest) -> HttpResponse:
    order = "most" if request.GET.get("order") == "most" else "newest"
    return render(
        request,
        "moderation/flag_queue.html",
        {"items": selectors.flag_queue(order=order), "order": order},
    )


# Moderator actions ------------------------------------------------------------------------------

# action slug -> (service, keyword the service takes the post by, success message)
THREAD_ACTIONS = {
    "hide": (services.post_hide, "post", gettext_lazy("The thread is hidden.")),
    "unhide": (services.post_unhide, "post", gettext_lazy("The thread is visible again.")),
    "dismiss-flags": (services.flags_dismiss, "post", gettext_lazy("Flags dismissed.")),
    "lock": (thread_actions.thread_lock, "thread", gettext_lazy("The thread is locked.")),
    "unlock": (thread_actions.thread_unlock, "thread", gettext_lazy("The thread is unlocked.")),
    "pin": (thread_actions.thread_pin, "thread", gettext_lazy("The thread is pinned.")),
    "unpin": (thread_actions.thread_unpin, "thread", gettext_lazy("The thread is unpinned.")),
    "reopen": (thread_actions.thread_reopen, "thread", gettext_lazy("The thread is reopened.")),
}
ANSWER_ACTIONS = {
    "hide": (services.post_hide, "post", gettext_lazy("The answer is hidden.")),
    "unhide": (services.post_unhide, "post", gettext_lazy("The answer is visible again.")),
    "dismiss-flags": (services.flags_dismiss, "post", gettext_lazy("Flags dismissed.")),
}


def _run_action(request: HttpRequest, actions: dict, action: str, post) -> HttpResponse:
    if action not in actions:
        raise Http404(_("No such moderation action."))
    service, keyword, success = actions[action]
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
    else:
        try:
            service(**{keyword: post}, moderator=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success)
    return redirect(next_url(request, post.get_absolute_url()))


@require_POST
@moderator_required
def thread_action(request: HttpRequest, thread_id: int, action: str) -> HttpResponse:
    return _run_action(request, THREAD_ACTIONS, action, _thread_or_404(request, thread_id))


@require_POST
@moderator_required
def answer_action(request: HttpRequest, answer_id: int, action: str) -> HttpResponse:
    return _run_action(request, ANSWER_ACTIONS, action, _answer_or_404(request, answer_id))


def _render_thread_moderate(request, thread, *, move_form=None, duplicate_form=None, status=200):
    context = {
        "thread": thread,
        "move_form": move_form or MoveForm(initial={"category": thread.category_id}),
        "duplicate_form": duplicate_form or DuplicateForm(),
        "flags": selectors.flag_list_for_thread(thread=thread),
        "entries": audit_rows(selectors.audit_log_for_thread(thread=thread)[:AUDIT_LOG_PAGE_SIZE]),
        "escalation": selectors.escalation_get_for_thread(thread=thread),
        "original": thread.duplicate_of,
    }
    return render(request, "moderation/thread_moderate.html", context, status=status)


@moderator_required
def thread_moderate(request: HttpRequest, thread_id: int) -> HttpResponse:
    return _render_thread_moderate(request, _thread_or_404(request, thread_id))


@require_POST
@moderator_required
def thread_move(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _thread_or_404(request, thread_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            thread_actions.thread_move(thread=thread, moderator=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The thread was moved."))
            return redirect(thread)
    return _render_thread_moderate(request, thread, move_form=form, status=400)


@require_POST
@moderator_required
def thread_close_duplicate(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _thread_or_404(request, thread_id)
    form = DuplicateForm(request.POST)
    if form.is_valid():
        original_id = form.cleaned_data["original"]
        original = (
            forum_selectors.thread_list_visible(user=request.user).filter(pk=original_id).first()
        )
        if original is None:
            form.add_error(
                "original", _("There is no thread #%(number)d.") % {"number": original_id}
            )
        else:
            try:
                thread_actions.thread_close_as_duplicate(
                    thread=thread,
                    original=original,
                    moderator=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error("original", error)
            else:
                messages.success(request, _("The thread is closed as a duplicate."))
                return redirect(thread)
    return _render_thread_moderate(request, thread, duplicate_form=form, status=400)


# Escalation -------------------------------------------------------------------------------------


@require_POST
@login_required
def thread_needs_staff(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = _thread_or_404(request, thread_id)
    form = NeedsStaffForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["note"]))
        return redirect(thread)
    try:
        escalations.escalation_request(thread=thread, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Staff have been asked to look at this thread."))
    return redirect(thread)


@staff_required
def staff_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in EscalationStatus.values:
        status = ""
    return render(
        request,
        "moderation/escalation_queue.html",
        {
            "escalations": selectors.escalation_queue(status=status or None)[:200],
            "status": status,
            "statuses": EscalationStatus.choices,
        },
    )


def _render_escalation(request, escalation: Escalation, *, form=None, status=200):
    form = form or EscalationUpdateForm(
        initial={
            "urgency": escalation.urgency,
            "status": escalation.status,
            "assigned_to": escalation.assigned_to_id,
        }
    )
    entries = selectors.audit_log_for_thread(thread=escalation.thread).filter(
        action__in=[AuditAction.ESCALATE, AuditAction.ESCALATION_UPDATE]
    )
    return render(
        request,
        "moderation/escalation_detail.html",
        {"escalation": escalation, "form": form, "entries": audit_rows(entries)},
        status=status,
    )


def _escalation_or_404(request: HttpRequest, escalation_id: int) -> Escalation:
    return moderation_access.escalation_get(request.user, escalation_id)


@staff_required
def escalation_detail(request: HttpRequest, escalation_id: int) -> HttpResponse:
    return _render_escalation(request, _escalation_or_404(request, escalation_id))


@require_POST
@staff_required
def escalation_update(request: HttpRequest, escalation_id: int) -> HttpResponse:
    escalation = _escalation_or_404(request, escalation_id)
    form = EscalationUpdateForm(request.POST)
    if form.is_valid():
        try:
            escalations.escalation_update(
                escalation=escalation, staff=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The escalation was updated."))
            return redirect("moderation:staff_queue")
    return _render_escalation(request, escalation, form=form, status=400)


# Staff pages ------------------------------------------------------------------------------------


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/dashboard.html", selectors.dashboard_figures())


# Moderators act, so they read the log too (issue 9); escalation notes in it are no secret
# from them, since they can send threads to staff themselves.
@moderator_required
def audit_log(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.audit_log_list(), AUDIT_LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "moderation/audit_log.html", {"page": page, "rows": audit_rows(page.object_list)}
    )
