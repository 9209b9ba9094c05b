"""The one place that turns user Markdown into safe HTML.

No other module imports ``markdown`` or ``bleach``: bleach is unmaintained since June 2026, and
keeping it behind ``render_markdown()`` means moving to another sanitiser changes this file only.
"""

import html
import re
from dataclasses import dataclass
from functools import partial

import bleach
import markdown
from bleach.html5lib_shim import Filter
from bleach.linkifier import LinkifyFilter

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
    "td": ["align"],
    "th": ["align"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|pre|blockquote|tr|table|ul|ol)>|<br\s*/?>")
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str  # sanitised: templates print it with |safe
    text: str  # plain text for the search index, excerpts and the secret-leak guard


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


def _set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


def render_markdown(source: str) -> RenderedMarkdown:
    cleaner = bleach.Cleaner(  # Cleaner is not thread-safe: build one per call
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        # Disallowed tags are escaped, not removed: "<script>alert(1)</script>" shows as typed
        # and stays inert text. Disallowed attributes and link protocols are still dropped.
        strip=False,
        strip_comments=False,
        filters=[
            CommentsAsTextFilter,
            partial(LinkifyFilter, callbacks=[_set_link_rel], skip_tags={"pre", "code"}),
        ],
    )
    converted = markdown.markdown(
        source, extensions=["fenced_code", "tables", "sane_lists", "nl2br"], output_format="html"
    )
    safe_html = cleaner.clean(converted).strip()
    return RenderedMarkdown(html=safe_html, text=html_to_text(safe_html))


def html_to_text(safe_html: str) -> str:
    with_breaks = _BLOCK_END.sub(lambda match: match.group(0) + "\n", safe_html)
    text = html.unescape(_TAG.sub("", with_breaks))
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
