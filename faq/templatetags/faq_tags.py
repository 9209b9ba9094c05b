from django import template

from faq import access
from faq.selectors import notification_unread_count

register = template.Library()


@register.inclusion_tag("faq/_nav_links.html", takes_context=True)
def faq_nav_links(context):
    """The header's FAQ link, plus the signed-in user's unread notifications (e.g. "your answer
    is now in the FAQ") when there are any."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"unread_count": notification_unread_count(user=user) if user is not None else 0}


@register.simple_tag(takes_context=True)
def faq_entry_for_answer(context, answer):
    """The FAQ entry to name under an answer for this reader, or None (faq.access decides)."""
    return access.entry_shown_for_answer(context["user"], answer)


@register.simple_tag
def faq_entries_for_thread(thread):
    return access.entries_shown_for_thread(thread)


@register.simple_tag(takes_context=True)
def can_change_faq(context) -> bool:
    return access.can_change_faq(context["user"])
