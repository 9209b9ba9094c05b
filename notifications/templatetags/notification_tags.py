from django import template

from notifications import watching
from notifications.selectors import notification_unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    """The header's bell: a link to /notifications/ with the signed-in member's unread count."""
    request = context.get("request")
    user = getattr(request, "user", None)
    is_member = user is not None and user.is_authenticated
    return {
        "is_member": is_member,
        "unread_count": notification_unread_count(user=user) if is_member else 0,
    }


@register.simple_tag(takes_context=True)
def is_watching(context, **target) -> bool:
    """Whether the signed-in member watches the thread, category or tag given
    (``{% is_watching thread=thread as watching %}``)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and watching.is_watching(user=user, **target)
