"""What static/js/secret_guard.js needs on the ask page: where the rule's files are and the
server's refusal texts, as data- attributes (the CSP allows no inline script)."""

import json

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core import secret_rules
from core.secrets import browser_messages

register = template.Library()


@register.simple_tag
def secret_guard_attributes():
    messages = {
        **browser_messages(),
        # The field labels ensure_no_secrets names (forum.services.thread_publishable_check).
        "fields": {"title": _("Title"), "body": _("Details")},
        "paused": _("While it is there, nothing you type is sent to look for similar questions."),
    }
    return format_html(
        'data-secret-rules-url="{}" data-secret-dictionary-url="{}" data-secret-messages="{}"',
        static(f"secrets/{secret_rules.RULES_FILE}"),
        static(f"secrets/{secret_rules.DICTIONARY_FILE}"),
        json.dumps(messages, ensure_ascii=False),
    )
