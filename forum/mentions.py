"""@mentions in posts: which "@name"s are members, rendered as links to their profiles, and who
to announce as mentioned. core.markup links the names; the forum knows who the members are."""

from collections.abc import Mapping

from core import events
from core.markup import InlineImage, RenderedMarkdown, mention_candidates, render_markdown
from forum import selectors
from forum.events import MembersMentioned

# Names looked up per post: far more than anyone mentions, and a bound on the query a body full
# of "@" can cause. Names past it stay plain text.
LOOKUP_MAX = 500


def render_with_mentions(
    source: str, *, images: Mapping[str, InlineImage] | None = None
) -> tuple[RenderedMarkdown, dict[str, int]]:
    """The post's HTML with known members linked, and {name: member id} of those linked, in
    the order first written. ``images``: the uploads the post shows (uploads.services)."""
    names = mention_candidates(source)[:LOOKUP_MAX]
    members = {member.username: member for member in selectors.user_list_mentionable(names=names)}
    rendered = render_markdown(
        source,
        mentions={name: member.get_absolute_url() for name, member in members.items()},
        images=images,
    )
    return rendered, {name: members[name].pk for name in rendered.mentioned}


def mentions_announce(
    *,
    thread_id: int,
    answer_id: int | None,
    author_id: int,
    mentioned: dict[str, int],
    previous_source: str | None = None,
) -> None:
    """Announce the members a new post names, or those an edit adds: a name the previous text
    already had (even inside code) was announced before, or deliberately not linked."""
    before = set(mention_candidates(previous_source or ""))
    user_ids = [pk for name, pk in mentioned.items() if name not in before]
    if user_ids:
        events.announce(
            MembersMentioned(
                thread_id=thread_id,
                answer_id=answer_id,
                author_id=author_id,
                user_ids=tuple(user_ids),
            )
        )
