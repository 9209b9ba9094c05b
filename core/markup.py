"""The one place that turns user Markdown into safe HTML.

No other module imports ``markdown`` or ``bleach``: bleach is unmaintained since June 2026, and
keeping it behind ``render_markdown()`` means moving to another sanitiser changes this file only.
"""

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

import bleach
import markdown
import markdown.treeprocessors
from bleach.html5lib_shim import Filter
from bleach.linkifier import LinkifyFilter
from django.utils.translation import gettext as _

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel", "target"],
    "abbr": ["title"],
    "code": ["class"],
    # Set by ImageFilter, on this site's uploads only.
    "img": ["src", "alt", "title", "width", "height", "loading", "decoding"],
    "td": ["align"],
    "th": ["align"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
# Markdown's own images (![alt](src)) reach the sanitiser under this name (MarkdownImages), so
# an <img> typed as raw HTML stays a disallowed tag and shows as text, like any other; ImageFilter
# turns the marked ones into <img> for this site's uploads and into links for anything else.
MARKDOWN_IMAGE = "wenda-img"
_SANITISER_TAGS = (ALLOWED_TAGS - {"img"}) | {MARKDOWN_IMAGE}
_SANITISER_ATTRIBUTES = {
    **{tag: names for tag, names in ALLOWED_ATTRIBUTES.items() if tag != "img"},
    MARKDOWN_IMAGE: ["src", "alt", "title"],
}
LINK_REL = "nofollow ugc noopener"
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|pre|blockquote|tr|table|ul|ol)>|<br\s*/?>")
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# "@name" with the characters Django allows in a username, except "@" itself. An "@" right after
# an ASCII letter, digit or one of ". _ + - / @" is part of an e-mail address or a path, not a
# mention; after Chinese text ("谢谢@alice") it still is one.
MENTION = re.compile(r"(?<![A-Za-z0-9_.+\-/@])@([\w.+-]+)")
# A sentence may end right after a name ("thanks @alice."): such a tail is tried without it.
_NAME_TAIL = ".+-"
# Text inside these is never a mention: code is quoted verbatim, a link already goes somewhere.
_NO_MENTION_TAGS = frozenset({"a", "code", "pre"})


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str  # sanitised: templates print it with |safe
    text: str  # plain text for the search index, excerpts and the secret-leak guard
    # Names linked as @mentions, in the order they first appear (outside code and links).
    mentioned: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class InlineImage:
    """An image a post may show: one of this site's uploads, as the caller (the uploads app,
    through the forum or FAQ) describes it. core knows no uploads, so the caller passes a
    mapping of the URLs written in the Markdown to these."""

    src: str  # what the page shows: the display-size copy or the original
    width: int
    height: int
    original_url: str = ""  # set when ``src`` is a smaller copy: the image links to it
    is_removed: bool = False  # a moderator removed it for good


def mention_candidates(source: str) -> list[str]:
    """Every name written as "@name" in Markdown ``source``, in order, without repeats, each
    also without a trailing "." "+" or "-". A superset: names in code or links are included
    (render_markdown() decides what is linked), so the caller can look them all up at once."""
    found: dict[str, None] = {}
    for match in MENTION.finditer(source):
        name = match.group(1)
        found.setdefault(name, None)
        found.setdefault(name.rstrip(_NAME_TAIL) or name, None)
    return list(found)


class MentionFilter(Filter):
    """Link "@name" to ``urls[name]`` in text outside code and links; other names stay text.

    Runs after the sanitiser and linkifier, so links it makes are not escaped and URLs the
    linkifier found are already inside ``<a>``."""

    def __init__(self, source, urls: Mapping[str, str], found: list[str]):
        super().__init__(source)
        self.urls = urls
        self.found = found

    def __iter__(self):
        inside = 0
        for token in super().__iter__():
            kind = token["type"]
            if kind in ("StartTag", "EndTag") and token["name"] in _NO_MENTION_TAGS:
                inside += 1 if kind == "StartTag" else -1
            if kind == "Characters" and inside <= 0 and "@" in token["data"]:
                yield from self._linked(token["data"])
            else:
                yield token

    def _linked(self, text: str):
        position = 0
        for match in MENTION.finditer(text):
            name = self._known(match.group(1))
            if name is None:
                continue
            start, end = match.start(), match.start() + 1 + len(name)
            if start > position:
                yield {"type": "Characters", "data": text[position:start]}
            yield {
                "type": "StartTag",
                "name": "a",
                "namespace": None,
                "data": {(None, "href"): self.urls[name], (None, "class"): "mention"},
            }
            yield {"type": "Characters", "data": text[start:end]}
            yield {"type": "EndTag", "name": "a", "namespace": None}
            if name not in self.found:
                self.found.append(name)
            position = end
        if position < len(text):
            yield {"type": "Characters", "data": text[position:]}

    def _known(self, name: str) -> str | None:
        for candidate in (name, name.rstrip(_NAME_TAIL)):
            if candidate in self.urls:
                return candidate
        return None


class MarkdownImages(markdown.treeprocessors.Treeprocessor):
    """Rename the images Markdown made to MARKDOWN_IMAGE (raw HTML is stashed, not in the tree,
    so an <img> typed as HTML is not renamed)."""

    def run(self, root):
        for element in root.iter("img"):
            element.tag = MARKDOWN_IMAGE


class MarkdownImagesExtension(markdown.Extension):
    def extendMarkdown(self, md):
        # After "inline" (priority 20), which turns ![alt](src) into <img>.
        md.treeprocessors.register(MarkdownImages(md), "wenda_images", 15)


class CommentsAsTextFilter(Filter):
    """Turn HTML comments into visible text, like the disallowed tags around them.

    Whatever a member typed stays on the page: a comment dropped (or kept as an invisible
    comment) would hide part of a post from readers and moderators alike.
    """

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] == "Comment":
                # Characters are escaped by the serializer, so "<!--" prints as text.
                yield {"type": "Characters", "data": f"<!--{token['data']}-->"}
            else:
                yield token


class ImageFilter(Filter):
    """Keep ``<img>`` only for this site's uploads (``images``, keyed by the URL as written).

    Any other image would let a post load a tracking pixel from anywhere, so it becomes a note
    with a plain link instead (not silently dropped: the reader learns something was there).
    An upload gets its stored width and height (the page does not jump as it loads), lazy
    loading, and a link to the original when it is shown at a display size. Runs after the
    sanitiser: bleach already dropped unsafe ``src`` protocols (javascript:, data:)."""

    def __init__(self, source, images: Mapping[str, InlineImage]):
        super().__init__(source)
        self.images = images

    def __iter__(self):
        inside_link = 0
        for token in super().__iter__():
            kind = token["type"]
            if kind in ("StartTag", "EndTag") and token["name"] == "a":
                inside_link += 1 if kind == "StartTag" else -1
            if kind in ("StartTag", "EmptyTag") and token["name"] == MARKDOWN_IMAGE:
                yield from self._image(token["data"], inside_link > 0)
            elif kind == "EndTag" and token["name"] == MARKDOWN_IMAGE:
                continue
            else:
                yield token

    def _image(self, attrs: dict, inside_link: bool):
        src = attrs.get((None, "src"), "")
        alt = attrs.get((None, "alt"), "")
        image = self.images.get(src)
        if image is not None and image.is_removed:
            yield {"type": "StartTag", "name": "em", "namespace": None, "data": {}}
            yield {"type": "Characters", "data": _("Image removed by a moderator.")}
            yield {"type": "EndTag", "name": "em", "namespace": None}
            return
        if image is None:
            yield from self._external(src, alt, inside_link)
            return
        data = {(None, "src"): image.src, (None, "alt"): alt}
        if (None, "title") in attrs:
            data[(None, "title")] = attrs[(None, "title")]
        data.update(
            {
                (None, "width"): str(image.width),
                (None, "height"): str(image.height),
                (None, "loading"): "lazy",
                (None, "decoding"): "async",
            }
        )
        wrap = bool(image.original_url) and not inside_link
        if wrap:
            yield _start_link(image.original_url, {})
        yield {"type": "EmptyTag", "name": "img", "namespace": None, "data": data}
        if wrap:
            yield {"type": "EndTag", "name": "a", "namespace": None}

    def _external(self, src: str, alt: str, inside_link: bool):
        if not src:  # no address left (an unsafe one was dropped): the words stay
            if alt:
                yield {"type": "Characters", "data": alt}
            return
        # Translated when the post is written, in the writer's language: posts are stored
        # rendered (body_html), like the rest of their HTML.
        yield {"type": "Characters", "data": _("External image not shown:") + " "}
        if inside_link:
            yield {"type": "Characters", "data": src}
            return
        yield _start_link(src, {(None, "title"): alt} if alt else {})
        yield {"type": "Characters", "data": src}
        yield {"type": "EndTag", "name": "a", "namespace": None}


def _start_link(href: str, extra: dict) -> dict:
    data = {(None, "href"): href, (None, "rel"): LINK_REL, **extra}
    return {"type": "StartTag", "name": "a", "namespace": None, "data": data}


def _set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


def render_markdown(
    source: str,
    *,
    mentions: Mapping[str, str] | None = None,
    images: Mapping[str, InlineImage] | None = None,
) -> RenderedMarkdown:
    """``mentions`` maps the names that may be linked as "@name" to their profile URLs; the
    caller looks them up (core knows no members), names not in it stay plain text. ``images``
    maps the image URLs of this site's uploads written in ``source`` to how to show them; any
    other image becomes a note with a link (ImageFilter)."""
    found: list[str] = []
    cleaner = bleach.Cleaner(  # Cleaner is not thread-safe: build one per call
        tags=_SANITISER_TAGS,
        attributes=_SANITISER_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        # Disallowed tags are escaped, not removed: "<script>alert(1)</script>" shows as typed
        # and stays inert text. Disallowed attributes and link protocols are still dropped.
        strip=False,
        strip_comments=False,
        filters=[
            CommentsAsTextFilter,
            partial(LinkifyFilter, callbacks=[_set_link_rel], skip_tags={"pre", "code"}),
            partial(ImageFilter, images=images or {}),
            *([partial(MentionFilter, urls=mentions, found=found)] if mentions else []),
        ],
    )
    converted = markdown.markdown(
        source,
        extensions=["fenced_code", "tables", "sane_lists", "nl2br", MarkdownImagesExtension()],
        output_format="html",
    )
    safe_html = cleaner.clean(converted).strip()
    return RenderedMarkdown(html=safe_html, text=html_to_text(safe_html), mentioned=tuple(found))


def html_to_text(safe_html: str) -> str:
    with_breaks = _BLOCK_END.sub(lambda match: match.group(0) + "\n", safe_html)
    text = html.unescape(_TAG.sub("", with_breaks))
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
