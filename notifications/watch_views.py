"""Watch and unwatch a thread, a category or a tag (POST buttons on their pages), and the page
listing what a member watches."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.decorators import login_required
from core.http import bad_request, next_url, wants_json
from core.methods import allow_methods, post_only
from forum import access
from forum.selectors import category_list, tag_list
from notifications import watching

CHOICES = {"1": True, "0": False}


def _watch_choice(request: HttpRequest, *, name: str, back: str, **target) -> HttpResponse:
    """Apply the button's choice (``watch`` = 1 or 0) to one target and go back."""
    active = CHOICES.get(request.POST.get("watch", ""))
    if active is None:
        return bad_request(request, _("Choose to watch or to stop watching."), back_url=back)
    watching.watch_set(user=request.user, active=active, **target)
    if wants_json(request):
        return JsonResponse({"watching": active})
    if active:
        messages.success(request, _("You are watching “%(name)s”.") % {"name": name})
    else:
        messages.success(request, _("You no longer watch “%(name)s”.") % {"name": name})
    return redirect(next_url(request, default=back))


@login_required
@post_only
def watch_thread(request: HttpRequest, pk: int) -> HttpResponse:
    thread = access.thread_get(request.user, pk)
    return _watch_choice(request, name=thread.title, back=thread.get_absolute_url(), thread=thread)


@login_required
@post_only
def watch_category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(category_list(), slug=slug)
    return _watch_choice(
        request,
        name=category.display_name,
        back=category.get_absolute_url(),
        category=category,
    )


@login_required
@post_only
def watch_tag(request: HttpRequest, name: str) -> HttpResponse:
    tag = tag_list().filter(name=name).first()
    if tag is None:
        raise Http404
    return _watch_choice(request, name=tag.name, back=tag.get_absolute_url(), tag=tag)


@login_required
@allow_methods("GET", "HEAD")
def watch_list(request: HttpRequest) -> HttpResponse:
    watches = list(watching.watch_list_for(user=request.user))
    return render(
        request,
        "notifications/watch_list.html",
        {
            "threads": [watch.thread for watch in watches if watch.thread_id],
            "categories": [watch.category for watch in watches if watch.category_id],
            "tags": [watch.tag for watch in watches if watch.tag_id],
        },
    )
