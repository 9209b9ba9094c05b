"""Turns the backend's highlighted fragment into HTML that is safe whatever the backend sent.

The index holds user text. Rather than trust that the highlighter escaped it, the fragment is
split into plain and highlighted runs, and each run is escaped again here: the only markup that
reaches the page is our own ``<mark>``.
"""

import html
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_HIT = re.compile(r"<(em|strong|b|mark|span)\b[^>]*>(.*?)</\1>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
# Two highlighted words with nothing or only spaces between them: one <mark>. jieba cuts
# 提现延迟 into 提现 + 延迟, and two marks side by side read as two separate hits (and look
# like a gap in the middle of a Chinese phrase).
_ADJACENT_MARKS = re.compile(r"</mark>(\s*)<mark>")


def _plain(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment))


def highlight_to_html(fragment: str) -> SafeString:
    parts, position = [], 0
    for hit in _HIT.finditer(fragment):
        parts.append(escape(_plain(fragment[position : hit.start()])))
        parts.append(f"<mark>{escape(_plain(hit.group(2)))}</mark>")
        position = hit.end()
    parts.append(escape(_plain(fragment[position:])))
    # Every run was escaped above; the only markup left is our own <mark>.
    return mark_safe(_ADJACENT_MARKS.sub(r"\1", "".join(parts)).strip())
