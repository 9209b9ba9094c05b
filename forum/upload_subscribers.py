"""When a moderator removes an image for good (uploads.events.UploadRemoved), the threads and
answers that showed it are rendered again, so their stored HTML says "image removed by a
moderator" instead of pointing at a file that is gone. Not an edit: no revision, no edit time."""

from forum.mentions import render_with_mentions
from forum.models import Answer, Thread
from search.index_queue import index_enqueue
from uploads.events import UploadRemoved
from uploads.selectors import inline_images_for_source

_MODELS = {"forum.thread": Thread, "forum.answer": Answer}


def rerender_posts_showing_removed_upload(event: UploadRemoved) -> None:
    changed = []
    for kind, pk in event.targets:
        model = _MODELS.get(kind)
        post = model.objects.filter(pk=pk).first() if model is not None else None
        if post is None:
            continue
        rendered, _mentioned = render_with_mentions(
            post.body, images=inline_images_for_source(post.body)
        )
        model.objects.filter(pk=pk).update(body_html=rendered.html, body_text=rendered.text)
        post.body_html, post.body_text = rendered.html, rendered.text
        changed.append(post)
    if changed:
        # QuerySet.update() sends no signal: the search documents are refreshed explicitly.
        index_enqueue(changed)
