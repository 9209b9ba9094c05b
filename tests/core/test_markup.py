import pytest

from core.markup import render_markdown


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
    rendered = render_markdown(payload).html.lower()
    for marker in (
        "<script",
        "javascript:",
        "onerror",
        "onclick",
        "onload",
        "<iframe",
        "<svg",
        "<object",
        "data:",
        "style=",
    ):
        assert marker not in rendered


def test_render_markdown_plain_text_has_no_tags_and_unescaped_entities():
    rendered = render_markdown("**Fee** is < 1% & fast")
    assert rendered.text == "Fee is < 1% & fast"
