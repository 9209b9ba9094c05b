"""Notification pages: the list, opening one, marking read, and the bell's JSON."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.decorators import login_required
from core.http import next_url, wants_json
from core.methods import allow_methods, post_only
from notifications import selectors, services
from notifications.presentation import bell_label, notification_item

PAGE_SIZE = 30
BELL_ITEMS = 10


@login_required
@allow_methods("GET", "HEAD")
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notification_list_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page": page,
            "items": [notification_item(notification) for notification in page],
            "unread_count": selectors.notification_unread_count(user=request.user),
        },
    )


@login_required
@allow_methods("GET", "HEAD")
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link: it is read now. One whose post is gone since goes back to
    the list with a note, never to a 404."""
    notification = get_object_or_404(selectors.notification_list_owned(user=request.user), pk=pk)
    services.notification_mark_read(user=request.user, notification_ids=[notification.pk])
    shown = selectors.notification_list_for(user=request.user).filter(pk=pk).first()
    if shown is None:
        messages.info(request, _("That post is no longer available."))
        return redirect("notifications:list")
    return redirect(notification_item(shown).target_url)


def _after_marking(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"unread": selectors.notification_unread_count(user=request.user)})
    return redirect(next_url(request, default=_list_url()))


def _list_url() -> str:
    return reverse("notifications:list")


@login_required
@post_only
def notification_mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(selectors.notification_list_owned(user=request.user), pk=pk)
    services.notification_mark_read(user=request.user, notification_ids=[notification.pk])
    return _after_marking(request)


@login_required
@post_only
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notification_mark_read(user=request.user)
    return _after_marking(request)


@login_required
@allow_methods("GET", "HEAD")
def notification_unread_json(request: HttpRequest) -> JsonResponse:
    unread = selectors.notification_list_unread(user=request.user)
    count = unread.count()
    return JsonResponse(
        {
            "unread": count,
            # What the bell reads out to screen readers, as the page renders it.
            "label": bell_label(count),
            "items": [notification_item(n).as_json() for n in unread[:BELL_ITEMS]],
        }
    )
