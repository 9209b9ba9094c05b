"""What the forum's thread page needs from moderation, computed once per request and thread."""

from django import template

from core.roles import is_moderator
from forum.models import Thread
from moderation import access, appeals, selectors
from moderation.forms import AppealForm

register = template.Library()


def _thread_state(context, thread) -> dict:
    # The answer partial runs once per answer: cache the thread's flag data on the request so
    # a thread page costs a fixed number of queries, not one per answer.
    request = context.get("request")
    cache = getattr(request, "_moderation_state", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._moderation_state = cache
    if thread.pk not in cache:
        user = context["user"]
        cache[thread.pk] = {
            "flagged": selectors.flag_keys_for_user(user=user, thread=thread),
            "open_flags": (
                selectors.open_flag_counts_for_thread(thread=thread) if is_moderator(user) else {}
            ),
        }
    return cache[thread.pk]


@register.simple_tag(takes_context=True)
def post_moderation(context, post) -> dict:
    """Flag and moderation state of one post (thread or answer) for the current user."""
    user = context["user"]
    is_thread = isinstance(post, Thread)
    thread = post if is_thread else post.thread
    key = ("thread" if is_thread else "answer", post.pk)
    state = _thread_state(context, thread)
    return {
        "kind": key[0],
        "is_own": user.is_authenticated and post.author_id == user.pk,
        "has_flagged": key in state["flagged"],
        "open_flags": state["open_flags"].get(key, 0),
        "is_moderator": access.can_moderate(user),
    }


@register.simple_tag
def thread_escalation(thread):
    return selectors.escalation_of_thread(thread=thread)


@register.simple_tag(takes_context=True)
def can_request_staff(context, thread) -> bool:
    return access.can_request_staff(context["user"], thread)


@register.simple_tag(takes_context=True)
def can_read_staff_note(context, thread) -> bool:
    return access.can_read_staff_note(context["user"], thread)


@register.simple_tag(takes_context=True)
def hidden_post_notice(context, post) -> dict:
    """For the author of a hidden post: the moderator's reason and whether they may appeal."""
    user = context["user"]
    hidden = selectors.hide_entry_latest(post=post)
    return {
        "kind": "thread" if isinstance(post, Thread) else "answer",
        "reason": hidden.reason if hidden else "",
        "refusal": appeals.appeal_refusal(user=user, post=post),
        "form": AppealForm(auto_id=f"appeal-{post.pk}-%s"),
    }
