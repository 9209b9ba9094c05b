from django import template

from faq import access, selectors

register = template.Library()


@register.inclusion_tag("faq/_nav_links.html")
def faq_nav_links():
    """The header's FAQ link (the notification bell is notifications' own tag)."""
    return {}


def _thread_entries(context, thread_id) -> list:
    # The question's mark and every answer's read the same entries: one query per thread page,
    # kept on the request, instead of one for the question and one for the answers.
    request = context.get("request")
    kept = getattr(request, "_faq_thread_entries", None)
    if kept is None:
        kept = {}
        if request is not None:
            request._faq_thread_entries = kept
    if thread_id not in kept:
        kept[thread_id] = selectors.faq_entries_of_thread(thread_id=thread_id)
    return kept[thread_id]


@register.simple_tag(takes_context=True)
def faq_mark_for_answer(context, answer) -> dict:
    """``shown``: the FAQ entry to name under the answer for this reader (faq.access decides),
    or None; ``promoted``: whether any entry comes from it (then no "Promote to FAQ")."""
    entries = [
        entry
        for entry in _thread_entries(context, answer.thread_id)
        if entry.source_answer_id == answer.pk
    ]
    return {
        "shown": access.entry_shown_for_answer(context["user"], entries),
        "promoted": bool(entries),
    }


@register.simple_tag(takes_context=True)
def faq_entries_for_thread(context, thread):
    return access.entries_shown_for_thread(_thread_entries(context, thread.pk))


@register.simple_tag(takes_context=True)
def can_change_faq(context) -> bool:
    return access.can_change_faq(context["user"])
