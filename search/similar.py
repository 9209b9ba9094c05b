"""Ranking of similar posts for a question being typed (search.suggestions is the entry point
that /api/similar and the ask page call; what is stored per document at index time is in
search.features).

benchmarks/similar_quality.py measures this same function on public duplicate-question sets.

Ranking, on the project's Whoosh backend:
1. Candidates: an OR query of the title's terms on the `title` field (boosted) and the
   `question` field (title and start of the body of threads and FAQ entries), plus the start
   of the body's terms on `question` (weaker), BM25F, top CANDIDATES. Answers are masked out
   (their `title` repeats their thread's title).
2. Re-ranking: a duplicate question shares most of its *meaningful* words with the new one,
   in both directions. Each candidate gets the IDF-weighted Dice overlap between its title's
   terms and the new title's terms, blended with the candidate's BM25 score scaled by the best
   one. CJK characters and character bigrams join the overlap so that words segmented or
   written differently (还款/还钱, 登录/登陆) still count in part. The start of a candidate's
   body (its excerpt) can also match, weighted below a title match.
3. Results whose overlap is under MIN_OVERLAP are dropped; FAQ entries scoring at least
   STRONG_FAQ_SCORE go first.
Very common words are left out of the candidate query (not of the re-ranking): see
_whoosh_candidates(). The constants were chosen on the dev splits with
benchmarks/similar_quality.py; see benchmarks/README.md for what each change measured.

Other haystack backends (Elasticsearch, Solr) get the same candidates from a SearchQuerySet and
the same re-ranking.
"""

import math
import re
from dataclasses import asdict, dataclass

from haystack import connections
from haystack.query import SQ, SearchQuerySet
from whoosh import query as whoosh_query
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from search import fastscore, whoosh_internals
from search.analyzer import CJK_RANGES, fold
from search.backend import WendaWhooshSearchBackend
from search.features import (
    BIGRAM_MARK,
    UNIGRAM_MARK,
    stored_features,
    text_features,
)

MIN_CJK_CHARS = 3
MIN_LATIN_CHARS = 10
BODY_CHARS = 300  # "the start of the body"
MAX_BODY_TERMS = 12
MAX_QUERY_TERMS = 10
COMMON_TERM_SHARE = 0.05
KEEP_RAREST = 4
COMMON_TERM_MIN_DOCS = 1000
CANDIDATES = 30
TITLE_BOOST = 2.0
TEXT_BOOST = 1.0
BODY_BOOST = 0.3
OVERLAP_WEIGHT = 0.6  # against (1 - OVERLAP_WEIGHT) for the scaled BM25 score
MIN_OVERLAP = 0.15
# 0.5: Dice (both texts' weight); 1.0: only the share of the new title that is matched.
QUERY_SIDE = 0.5
BODY_MATCH_WEIGHT = 0.5
BIGRAM_WEIGHT = 1.0
UNIGRAM_WEIGHT = 0.5
# Weight of a character n-gram that is not itself an indexed word.
BIGRAM_UNSEEN_IDF = 2.0
STRONG_FAQ_SCORE = 0.5

_CJK_RE = re.compile(f"[{CJK_RANGES}]")
_LATIN_RE = re.compile(r"[A-Za-z0-9]")


class OkapiBM25F(BM25F):
    """BM25F with Okapi's IDF. Whoosh's IDF, log(N / (df + 1)) + 1, never falls under 1, so a
    word in nearly every post (花呗 on an Alipay forum, "wallet" here) still scores like a
    rare one, and the matcher cannot skip the long posting lists of such words."""

    def idf(self, searcher, fieldname, text):
        frequency = searcher.doc_frequency(fieldname, text)
        total = searcher.doc_count_all()
        return math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))


WEIGHTING = OkapiBM25F(B=0.75, K1=1.2)


@dataclass(frozen=True)
class SimilarResult:
    kind: str
    title: str
    url: str
    excerpt: str
    solved: bool
    answer_count: int
    score: float
    language: str = ""  # en or zh-hans: the ask page labels the other language
    matched_by: str = "words"  # or "meaning": found only by its sentence vector (search.semantic)

    def as_dict(self) -> dict:
        return asdict(self)


def is_query_long_enough(title: str) -> bool:
    """Chinese titles are short (充值未到账 is 5 characters); Latin ones need about 10 letters."""
    title = fold(title or "")
    return (
        len(_CJK_RE.findall(title)) >= MIN_CJK_CHARS
        or len(_LATIN_RE.findall(title)) >= MIN_LATIN_CHARS
    )


def find_similar(title: str, body: str = "", *, limit: int = 5) -> list[SimilarResult]:
    if not is_query_long_enough(title):
        return []
    backend = connections["default"].get_backend()
    if isinstance(backend, WendaWhooshSearchBackend):
        candidates = _whoosh_candidates(backend, title, body)
        analyze = backend.analyze
        doc_frequency, doc_count = _whoosh_statistics(backend)
    else:
        candidates = _generic_candidates(backend, title, body)
        analyze = _generic_analyze
        doc_frequency, doc_count = (lambda term: 1), 1000
    return _rerank(title, candidates, analyze, doc_frequency, doc_count, limit)


def _unique(items) -> list:
    return list(dict.fromkeys(items))


def _query_terms(analyze, title: str, body: str) -> tuple[list[str], list[str]]:
    title_terms = _unique(analyze(title, "title"))
    seen = set(title_terms)
    body_terms = [term for term in _unique(analyze(body[:BODY_CHARS])) if term not in seen]
    return title_terms, body_terms[:MAX_BODY_TERMS]


def _answer_mask(searcher: Searcher) -> set[int]:
    """Answers' document numbers, computed once per (long-lived) searcher."""
    return whoosh_internals.memo_on(
        searcher,
        "_wenda_answer_mask",
        lambda: set(searcher.docs_for_query(whoosh_query.Term("kind", "answer"))),
    )


def _answer_mask_array(searcher: Searcher):
    return whoosh_internals.memo_on(
        searcher,
        "_wenda_answer_mask_array",
        lambda: fastscore.docset_mask(_answer_mask(searcher), searcher.doc_count_all()),
    )


def _whoosh_candidates(backend: WendaWhooshSearchBackend, title: str, body: str) -> list[dict]:
    title_terms, body_terms = _query_terms(backend.analyze, title, body)
    if not title_terms and not body_terms:
        return []
    shared = backend.searcher()
    reader = shared.reader()
    has_kinds = "kind" in backend.schema.names()
    mask = _answer_mask(shared) if has_kinds else None
    # Threads and FAQ entries have a `question` field (title and start of the body); the
    # document field would also walk every answer's postings, only to mask them out.
    text_field = "question" if "question" in backend.schema.names() else backend.content_field_name
    questions = reader.doc_count_all() - len(mask or ())
    # Cost is the posting list's length, so short lists are always cheap enough to keep.
    limit = max(COMMON_TERM_SHARE * questions, COMMON_TERM_MIN_DOCS)

    def selective(field: str, terms: list[str], keep: int) -> list[str]:
        # Words found in a large share of the posts barely change the ranking (their IDF is
        # near 0) but their long posting lists are most of a query's cost in Whoosh. The
        # `keep` rarest words always stay, so a title made only of common words still matches.
        by_rarity = sorted(terms, key=lambda term: reader.doc_frequency(field, term))
        return [
            term
            for rank, term in enumerate(by_rarity)
            if rank < keep or reader.doc_frequency(field, term) <= limit
        ][:MAX_QUERY_TERMS]

    clauses = [
        whoosh_query.Term("title", term, boost=TITLE_BOOST)
        for term in selective("title", title_terms, keep=KEEP_RAREST)
    ]
    if TEXT_BOOST:
        clauses += [
            whoosh_query.Term(text_field, term, boost=TEXT_BOOST)
            for term in selective(text_field, title_terms, keep=0)
        ]
    clauses += [
        whoosh_query.Term(text_field, term, boost=BODY_BOOST)
        for term in selective(text_field, body_terms, keep=0)
    ]
    if not clauses:
        return []
    # Same reader as the long-lived searcher, with Okapi's IDF (see OkapiBM25F).
    searcher = Searcher(reader, weighting=WEIGHTING, closereader=False)
    query = whoosh_query.Or(clauses)
    try:  # vectorised BM25F, same ranking as Whoosh's (search/fastscore.py)
        deny = _answer_mask_array(shared) if has_kinds else None
        top, _ = fastscore.top_documents(searcher, query, CANDIDATES, deny=deny)
    except fastscore.Unsupported:
        top = [
            (hit.score, hit.docnum) for hit in searcher.search(query, limit=CANDIDATES, mask=mask)
        ]
    candidates = []
    for score, docnum in top:
        fields = dict(searcher.stored_fields(docnum))
        fields["_bm25"] = score
        candidates.append(fields)
    return candidates


def _whoosh_statistics(backend: WendaWhooshSearchBackend):
    searcher = backend.searcher()
    reader = searcher.reader()
    field = "title" if "title" in backend.schema.names() else backend.content_field_name
    # Term statistics only change with the index, and so does the long-lived searcher.
    cache = whoosh_internals.memo_on(searcher, "_wenda_doc_frequency", dict)

    def doc_frequency(term: str) -> int:
        if term not in cache:
            if len(cache) > 200_000:
                cache.clear()
            cache[term] = reader.doc_frequency(field, term)
        return cache[term]

    return doc_frequency, max(reader.doc_count(), 1)


_TERM_RE = re.compile(rf"[{CJK_RANGES}]+|[^\W_]+")


def _generic_analyze(text: str, fieldname: str | None = None) -> list[str]:
    return [match.group(0).lower() for match in _TERM_RE.finditer(fold(text or ""))]


def _generic_candidates(backend, title: str, body: str) -> list[dict]:
    """Any haystack backend: OR of the title's words (the engine analyses them), via a
    SearchQuerySet."""
    words = _unique(_generic_analyze(title)) + _unique(_generic_analyze(body[:BODY_CHARS]))
    if not words:
        return []
    condition = SQ()
    for word in words[:20]:
        condition |= SQ(content=word)
    queryset = SearchQuerySet().filter(condition).exclude(kind="answer")[:CANDIDATES]
    candidates = []
    for result in queryset:
        fields = result.get_stored_fields()
        fields["_bm25"] = result.score or 0.0
        candidates.append(fields)
    return candidates


def _candidate_features(candidate: dict, features) -> tuple[frozenset, frozenset]:
    stored = stored_features(candidate.get("match_features"))
    if stored is not None:
        return stored
    excerpt = candidate.get("excerpt") or ""
    return features(candidate.get("title") or ""), features(excerpt) if excerpt else frozenset()


def _rerank(title, candidates, analyze, doc_frequency, doc_count, limit) -> list[SimilarResult]:
    if not candidates:
        return []
    idf_cache: dict[str, float] = {}

    def idf(term: str) -> float:
        if term not in idf_cache:
            frequency = doc_frequency(term)
            idf_cache[term] = math.log(1 + (doc_count - frequency + 0.5) / (frequency + 0.5))
        return idf_cache[term]

    def features(text: str) -> frozenset[str]:
        return text_features(text, analyze)

    def weight(term: str) -> float:
        # Character n-grams count for part of a word, with their IDF as a word when indexed.
        if term[0] == BIGRAM_MARK:
            return BIGRAM_WEIGHT * (idf(term[1:]) if doc_frequency(term[1:]) else BIGRAM_UNSEEN_IDF)
        if term[0] == UNIGRAM_MARK:
            return UNIGRAM_WEIGHT * (
                idf(term[1:]) if doc_frequency(term[1:]) else BIGRAM_UNSEEN_IDF
            )
        return idf(term)

    query_features = features(title)
    query_weight = sum(weight(term) for term in query_features) or 1.0
    best_bm25 = max(candidate["_bm25"] for candidate in candidates) or 1.0

    def dice(left: set[str], left_weight: float, right: set[str], right_weight: float) -> float:
        total = QUERY_SIDE * left_weight + (1 - QUERY_SIDE) * right_weight
        return sum(weight(term) for term in left & right) / total if total else 0.0

    pool = []
    for candidate in candidates:
        title_features, excerpt_features = _candidate_features(candidate, features)
        candidate_weight = sum(weight(term) for term in title_features)
        overlap = dice(query_features, query_weight, title_features, candidate_weight)
        if excerpt_features and BODY_MATCH_WEIGHT:
            # A question asked in other words can still say the same in its body: the share of
            # the new title found in the start of the body counts, for less than a title match.
            covered = sum(weight(term) for term in query_features & excerpt_features)
            overlap = max(overlap, BODY_MATCH_WEIGHT * covered / query_weight)
        score = OVERLAP_WEIGHT * overlap + (1 - OVERLAP_WEIGHT) * candidate["_bm25"] / best_bm25
        # The threshold is on the overlap: the BM25 part is relative to the best candidate, so
        # it is high even when every candidate is weak.
        if overlap >= MIN_OVERLAP:
            pool.append((score, candidate, title_features, candidate_weight))
    # An FAQ entry curated from a thread answers that thread's question: it ranks at least as
    # high as the thread does, even when the moderator reworded its question.
    thread_scores = {entry[1].get("url"): entry[0] for entry in pool if _kind(entry[1]) == "thread"}
    pool = [
        (max(entry[0], thread_scores.get(entry[1].get("source_url"), 0.0)), *entry[1:])
        if _kind(entry[1]) == "faq"
        else entry
        for entry in pool
    ]
    pool.sort(key=lambda entry: -entry[0])
    strong_faq = [e for e in pool if _kind(e[1]) == "faq" and e[0] >= STRONG_FAQ_SCORE]
    rest = [e for e in pool if not (_kind(e[1]) == "faq" and e[0] >= STRONG_FAQ_SCORE)]
    return [similar_result(entry[1], entry[0]) for entry in (strong_faq + rest)[:limit]]


def _kind(fields: dict) -> str:
    return str(fields.get("kind") or "thread")


def _as_bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "t", "yes", "1"}
    return bool(value)


def similar_result(fields: dict, score: float) -> SimilarResult:
    return SimilarResult(
        kind=_kind(fields),
        title=str(fields.get("title") or ""),
        url=str(fields.get("url") or ""),
        excerpt=str(fields.get("excerpt") or ""),
        solved=_as_bool(fields.get("solved")),
        answer_count=int(fields.get("answer_count") or 0),
        score=round(score, 4),
        language=str(fields.get("language") or ""),
    )
