"""What is computed from a post when its document is indexed, for suggestions to read back.

search.similar re-ranks candidate posts on the words and CJK characters/bigrams of their
titles and excerpts; analysing 30 candidates' text per suggestion was half of its time, so
each thread and FAQ document stores them (field `match_features`), with the `question` field
(title and start of the body) that candidates are found by. Imports neither Django nor
haystack (only search.analyzer), so the benchmarks and the analyzer's pickled path work
outside Django.
"""

import re
from functools import lru_cache

from search.analyzer import CJK_RANGES, ChineseAnalyzer, fold

# The `question` field: what a question says up front, the part /api/similar compares a new
# question with. Only threads and FAQ entries have one, so suggestions never walk the postings
# of answers or of the answers' text carried by thread documents.
QUESTION_BODY_CHARS = 300
FEATURE_CACHE_SIZE = 20_000
# Feature prefixes: a CJK bigram, a CJK character (words have none; none of them holds
# whitespace, so a space-separated list round-trips).
BIGRAM_MARK = "\x00"
UNIGRAM_MARK = "\x01"

_CJK_RE = re.compile(f"[{CJK_RANGES}]")
_CJK_RUN_RE = re.compile(f"[{CJK_RANGES}]+")
_TITLE_ANALYZER = ChineseAnalyzer()


def question_text(title: str, body: str) -> str:
    return f"{title}\n{(body or '')[:QUESTION_BODY_CHARS]}"


def cjk_bigrams(text: str) -> list[str]:
    grams = []
    for run in _CJK_RUN_RE.findall(fold(text)):
        grams += [run[i : i + 2] for i in range(len(run) - 1)]
    return grams


@lru_cache(maxsize=FEATURE_CACHE_SIZE)
def text_features(text: str, analyze) -> frozenset[str]:
    """Words and CJK characters/bigrams of a title or excerpt. Cached: the same candidates come
    back keystroke after keystroke while a question is typed."""
    found = set(analyze(text, "title"))
    found |= {f"{BIGRAM_MARK}{gram}" for gram in cjk_bigrams(text)}
    found |= {f"{UNIGRAM_MARK}{char}" for char in _CJK_RE.findall(fold(text))}
    return frozenset(found)


def index_analyze(text: str, fieldname: str | None = None) -> list[str]:
    # The title field's analyzer (search.backend gives every text field this one).
    return [token.text for token in _TITLE_ANALYZER(text)]


def match_features(title: str, excerpt: str) -> str:
    """The re-ranking features of a title and its excerpt, as stored in the index: terms hold
    no whitespace; a tab separates the two sets."""
    return "\t".join(
        " ".join(sorted(text_features(text, index_analyze))) if text else ""
        for text in (title or "", excerpt or "")
    )


def stored_features(stored: str | None) -> tuple[frozenset, frozenset] | None:
    """match_features() read back, or None for documents indexed without them."""
    if not stored or "\t" not in stored:
        return None
    title_part, _, excerpt_part = stored.partition("\t")
    return frozenset(title_part.split()), frozenset(excerpt_part.split())
