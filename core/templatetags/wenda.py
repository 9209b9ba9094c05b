"""Small presentation helpers shared by every app's templates (no Markdown here: that is stored)."""

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime

register = template.Library()


@register.simple_tag
def reltime(value):
    """“3 hours ago” in the reader's language, with the exact date on hover and for machines."""
    if not value:
        return ""
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.isoformat(),
        date_format(localtime(value), "DATETIME_FORMAT"),
        naturaltime(value),
    )


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced (an empty value removes one), so a
    page link keeps the tab and a tab link drops the page."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def elided_page_range(page):
    """Page numbers around the current page plus the first and last, with ellipses between.

    Looping over every page number instead costs a template `if` per page: a common word has
    thousands of result pages.
    """
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
