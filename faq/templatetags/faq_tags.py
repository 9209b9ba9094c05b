from django import template

from faq.selectors import notification_unread_count

register = template.Library()


@register.inclusion_tag("faq/_nav_links.html", takes_context=True)
def faq_nav_links(context):
    """The header's FAQ link, plus the signed-in user's unread notifications (e.g. "your answer
    is now in the FAQ") when there are any."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"unread_count": notification_unread_count(user=user) if user is not None else 0}
