"""Writing one mail, at send time, in the recipient's language: subject, plain text and HTML,
from the same text and links the bell shows (notifications.presentation), so every kind of
notification can be mailed without code here. Links are absolute (WENDA_SITE_URL)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.mail.preferences import frequencies_for, topic_for
from notifications.mail.tokens import unsubscribe_token
from notifications.models import Frequency, Notification, OutgoingMail
from notifications.presentation import notification_item


def absolute_url(path: str) -> str:
    return f"{settings.WENDA_SITE_URL}{path}"


def mail_topics(*, mail: OutgoingMail, notifications: list[Notification]) -> list[str]:
    """What the mail's unsubscribe link turns off: the topic of a single notice; for a digest,
    every topic the member gets in that digest (one link cannot say which of them they meant)."""
    if mail.frequency == Frequency.IMMEDIATELY:
        return sorted({topic_for(notification) for notification in notifications} - {None})
    frequencies = frequencies_for(user=mail.recipient)
    return sorted(topic for topic, frequency in frequencies.items() if frequency == mail.frequency)


def _subject(mail: OutgoingMail, items) -> str:
    if mail.frequency == Frequency.IMMEDIATELY and len(items) == 1:
        subject = items[0].text
    elif mail.frequency == Frequency.WEEKLY:
        subject = ngettext(
            "Your weekly Wenda digest: %(count)d notification",
            "Your weekly Wenda digest: %(count)d notifications",
            len(items),
        ) % {"count": len(items)}
    else:
        subject = ngettext(
            "Your Wenda digest: %(count)d notification",
            "Your Wenda digest: %(count)d notifications",
            len(items),
        ) % {"count": len(items)}
    # A header is one line whatever a title holds.
    return " ".join(subject.split())


def mail_compose(
    *, mail: OutgoingMail, notifications: list[Notification]
) -> EmailMultiAlternatives:
    user = mail.recipient
    with translation.override(user.language):
        items = [notification_item(notification) for notification in notifications]
        token = unsubscribe_token(
            user=user, topics=mail_topics(mail=mail, notifications=notifications)
        )
        unsubscribe_url = absolute_url(reverse("notifications:unsubscribe", args=[token]))
        context = {
            "user": user,
            "entries": [(item, absolute_url(item.open_url)) for item in items],
            "is_digest": mail.frequency != Frequency.IMMEDIATELY,
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": absolute_url(reverse("notifications:email_preferences")),
            "site_url": settings.WENDA_SITE_URL,
            "language": user.language,
        }
        subject = _subject(mail, items)
        text = render_to_string("notifications/mail/mail.txt", context)
        html = render_to_string("notifications/mail/mail.html", context)
        site = _("Wenda")
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            # RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe that POSTs
            # "List-Unsubscribe=One-Click" to this address.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{site} <notifications.{_host()}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _host() -> str:
    return settings.WENDA_SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
