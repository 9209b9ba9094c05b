from django import template

from moderation import access
from moderation.image_removal import post_image_list
from uploads.storage import file_url

register = template.Library()


@register.simple_tag(takes_context=True)
def post_images_for_moderator(context, post) -> list[dict]:
    """The images a post shows (or its revisions showed), for moderators only; [] otherwise."""
    if not access.can_moderate(context["user"]):
        return []
    return [
        {"upload": upload, "url": file_url(upload.file_name)}
        for upload in post_image_list(post=post)
    ]
