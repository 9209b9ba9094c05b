"""forum.access for templates: templates display what these rules decide, never decide it."""

from django import template

from forum import access, extensions

register = template.Library()


@register.simple_tag(takes_context=True)
def can_edit(context, post) -> bool:
    return access.can_edit(context["user"], post)


@register.simple_tag(takes_context=True)
def can_answer(context, thread) -> bool:
    return access.can_answer(context["user"], thread)


@register.simple_tag(takes_context=True)
def duplicate_original(context, thread):
    """The original of a thread closed as a duplicate, or None when the reader may not see it."""
    return access.duplicate_original_for(context["user"], thread)


@register.simple_tag
def slot_templates(slot: str) -> list[str]:
    """Templates other apps registered for a place on the page (forum.extensions)."""
    return extensions.templates_for(slot)
