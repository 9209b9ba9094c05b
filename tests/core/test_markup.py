from html.parser import HTMLParser

import pytest

from core.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown


class _MarkupCollector(HTMLParser):
    """The elements, attributes and comments a browser would see, not the escaped text."""

    def __init__(self):
        super().__init__()
        self.tags, self.attributes, self.comments = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    def handle_comment(self, data):
        self.comments.append(data)


def markup_of(html: str) -> _MarkupCollector:
    collector = _MarkupCollector()
    collector.feed(html)
    collector.close()
    return collector


def test_render_markdown_keeps_code_blocks_lists_links_and_tables():
    source = "Steps:\n\n1. one\n2. two\n\n```\nprint('x')\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[docs](https://example.com)"
    rendered = render_markdown(source)
    assert "<ol>" in rendered.html and "<li>one</li>" in rendered.html
    assert "<pre><code>print('x')" in rendered.html
    assert "<table>" in rendered.html and "<td>1</td>" in rendered.html
    assert 'href="https://example.com"' in rendered.html


def test_render_markdown_gives_links_nofollow_ugc_noopener():
    rendered = render_markdown("see https://example.com/help and [here](https://example.org)")
    assert rendered.html.count('rel="nofollow ugc noopener"') == 2


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        '<img src=x onerror="alert(1)">',
        '<b onclick="alert(1)">bold</b>',
        '<iframe src="https://evil.example"></iframe>',
        '<svg onload="alert(1)"><script>alert(1)</script></svg>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
        '<object data="data:image/svg+xml,<svg onload=alert(1)>"></object>',
        '<div style="background:url(javascript:alert(1))">x</div>',
        "![x](javascript:alert(1))",
    ],
)
def test_render_markdown_leaves_scripts_and_dangerous_markup_inert(payload):
    # The payload may still be on the page as escaped text; no element or attribute of it may be.
    markup = markup_of(render_markdown(payload).html)
    assert set(markup.tags) <= ALLOWED_TAGS
    assert not markup.comments
    for tag, name, value in markup.attributes:
        assert name in ALLOWED_ATTRIBUTES.get(tag, ()), (tag, name)
        assert not value.lower().startswith(("javascript:", "data:")), value


def test_render_markdown_plain_text_has_no_tags_and_unescaped_entities():
    rendered = render_markdown("**Fee** is < 1% & fast")
    assert rendered.text == "Fee is < 1% & fast"


def test_a_script_tag_is_shown_as_text_not_run_and_not_lost():
    rendered = render_markdown("<script>alert(1)</script>")
    assert rendered.html == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "script" not in markup_of(rendered.html).tags
    assert rendered.text == "<script>alert(1)</script>"


def test_an_iframe_alone_renders_as_its_text_instead_of_an_empty_answer():
    rendered = render_markdown('<iframe src="https://evil.example/x"></iframe>')
    assert rendered.html == '&lt;iframe src="https://evil.example/x"&gt;&lt;/iframe&gt;'
    assert markup_of(rendered.html).tags == []
    assert rendered.text == '<iframe src="https://evil.example/x"></iframe>'


def test_a_style_element_is_shown_as_text():
    rendered = render_markdown("<style>body { display: none }</style>")
    assert rendered.html == "&lt;style&gt;body { display: none }&lt;/style&gt;"
    assert markup_of(rendered.html).tags == []


def test_an_onclick_attribute_is_dropped_from_an_allowed_tag_and_its_text_kept():
    rendered = render_markdown('Try <b onclick="steal()">this</b>')
    assert rendered.html == "<p>Try <b>this</b></p>"
    assert rendered.text == "Try this"


def test_a_disallowed_tag_with_an_event_handler_is_escaped_with_it():
    rendered = render_markdown("see <img src=x onerror=alert(1)> here")
    assert rendered.html == "<p>see &lt;img src=x onerror=alert(1)&gt; here</p>"
    assert markup_of(rendered.html).tags == ["p"]
    assert rendered.text == "see <img src=x onerror=alert(1)> here"


@pytest.mark.parametrize(
    "source", ["[click me](javascript:alert(1))", '<a href="javascript:alert(1)">click me</a>']
)
def test_a_javascript_link_keeps_its_text_and_loses_its_target(source):
    rendered = render_markdown(source)
    assert rendered.html == '<p><a rel="nofollow ugc noopener">click me</a></p>'
    assert rendered.text == "click me"


def test_an_html_comment_is_shown_as_text():
    rendered = render_markdown("before <!-- a note for myself --> after")
    assert rendered.html == "<p>before &lt;!-- a note for myself --&gt; after</p>"
    assert not markup_of(rendered.html).comments
    assert rendered.text == "before <!-- a note for myself --> after"


def test_a_comment_cannot_hide_or_unescape_the_markup_after_it():
    rendered = render_markdown("<!--> <script>alert(1)</script> -->")
    markup = markup_of(rendered.html)
    assert markup.tags == [] and not markup.comments
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html


@pytest.mark.parametrize(
    "source",
    [
        "<scr<script>ipt>alert(1)</script>",
        "<div><p>unclosed <em>words",
        '<svg onload="alert(1)"><script>alert(2)</script></svg>',
        "<b><i>crossed</b></i> <details open><summary>x</summary></details>",
        '<img src="x" alt="<script>alert(1)</script>">',
    ],
)
def test_nested_and_malformed_markup_stays_inert_and_keeps_its_words(source):
    rendered = render_markdown(source)
    markup = markup_of(rendered.html)
    assert set(markup.tags) <= ALLOWED_TAGS - {"a"}
    assert not any(name.startswith("on") for _tag, name, _value in markup.attributes)
    for word in ("alert", "unclosed", "words", "crossed", "summary"):
        if word in source:
            assert word in rendered.text, word


def test_markup_inside_code_blocks_and_code_spans_is_left_as_written():
    source = "```\n<script>alert(1)</script>\n<!-- c -->\n```\n\nand `<b>inline</b>`"
    rendered = render_markdown(source)
    assert rendered.html == (
        "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n&lt;!-- c --&gt;\n</code></pre>\n"
        "<p>and <code>&lt;b&gt;inline&lt;/b&gt;</code></p>"
    )
    assert rendered.text == "<script>alert(1)</script>\n<!-- c -->\n\nand <b>inline</b>"


def test_allowed_markup_is_unchanged():
    source = '<b>bold</b> <em>em</em> <abbr title="Two-factor">2FA</abbr> <sub>1</sub>'
    rendered = render_markdown(source)
    assert rendered.html == (
        '<p><b>bold</b> <em>em</em> <abbr title="Two-factor">2FA</abbr> <sub>1</sub></p>'
    )
