from django import template

from faq import access

register = template.Library()


@register.inclusion_tag("faq/_nav_links.html")
def faq_nav_links():
    """The header's FAQ link (the notification bell is notifications' own tag)."""
    return {}


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
