"""E-mail pages: a member's preferences, the unsubscribe link (no log-in: the signed token is the
proof), and the staff list of mail not sent."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from accounts.services import user_language_set
from core.decorators import login_required, staff_required
from core.http import bad_request
from core.methods import allow_methods, post_only
from notifications.mail import preferences, queueing, tokens
from notifications.mail.forms import EmailPreferencesForm
from notifications.models import EmailTopic

ONE_CLICK = "One-Click"


@login_required
@allow_methods("GET", "HEAD", "POST")
def email_preferences(request: HttpRequest) -> HttpResponse:
    frequencies = preferences.frequencies_for(user=request.user)
    form = EmailPreferencesForm(
        request.POST if request.method == "POST" else None,
        frequencies=frequencies,
        initial={"language": request.user.language},
    )
    if request.method == "POST" and form.is_valid():
        preferences.preferences_set(user=request.user, frequencies=form.frequencies())
        user_language_set(user=request.user, language=form.cleaned_data["language"])
        messages.success(request, _("Your e-mail settings are saved."))
        return redirect("notifications:email_preferences")
    return render(
        request,
        "notifications/mail/email_preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
        status=400 if request.method == "POST" else 200,
    )


@csrf_exempt  # RFC 8058: mail clients POST without a CSRF token; the signed token authenticates
@allow_methods("GET", "HEAD", "POST")
def mail_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET only asks (link scanners follow links); a POST of "List-Unsubscribe=One-Click", from
    a mail client or the page's button, turns the mail's topics off."""
    try:
        unsubscribe = tokens.unsubscribe_token_read(token)
    except tokens.TokenRefused as refusal:
        return bad_request(request, str(refusal))
    labels = [EmailTopic(topic).label for topic in unsubscribe.topics]
    if request.method != "POST":
        return render(
            request,
            "notifications/mail/unsubscribe_confirm.html",
            {"token": token, "topics": labels, "one_click": ONE_CLICK},
        )
    if request.POST.get("List-Unsubscribe") != ONE_CLICK:
        return bad_request(request, _("The unsubscribe request was incomplete; nothing changed."))
    preferences.topics_unsubscribe(user=unsubscribe.user, topics=unsubscribe.topics)
    return render(request, "notifications/mail/unsubscribe_done.html", {"topics": labels})


@staff_required
@allow_methods("GET", "HEAD")
def mail_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/mail/outgoing_mail_list.html",
        {"mails": queueing.mail_list_unsent()[:200]},
    )


@staff_required
@post_only
def mail_retry(request: HttpRequest, pk: int) -> HttpResponse:
    mail = get_object_or_404(queueing.mail_list_unsent(), pk=pk)
    queueing.mail_retry(mail=mail)
    messages.success(request, _("The e-mail is queued again."))
    return redirect("notifications:mail_list")
