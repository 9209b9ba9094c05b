"""What one query may cost. Issue 13 measured 50 made-up words at 1.45 s (each unknown word's
"did you mean" walks the index's word list), and eight such queries at once stalled every other
search. A query keeps its first MAX_QUERY_WORDS words (a question typed into the box has a
handful); "did you mean" corrects at most SPELLING_MAX_CORRECTIONS unknown words and stops when
the time budget (search.conf.search_time_budget) is spent; Whoosh's own search (phrases,
wildcards, facets) stops at the budget with the results found by then. benchmarks/query_cost.py
measures it."""

import logging
import time

from django.utils.encoding import force_str
from whoosh.collectors import WrappingCollector

from search import conf

logger = logging.getLogger(__name__)

MAX_QUERY_WORDS = 32
SPELLING_MAX_CORRECTIONS = 5
SPELLING_MIN_WORD_LENGTH = 3


def bounded_query(query_string: str) -> str:
    """The query's first MAX_QUERY_WORDS words: a query of a hundred words finds nothing a
    query of its first thirty-two would not, and costs a posting list per word."""
    words = query_string.split()
    if len(words) <= MAX_QUERY_WORDS:
        return query_string
    return " ".join(words[:MAX_QUERY_WORDS])


class OverBudget(Exception):
    """The search spent its time budget."""


class DeadlineCollector(WrappingCollector):
    """Stops collecting once the deadline has passed (checked every CHECK_EVERY matches, and
    before the first): what the child collected by then is the result. Whoosh's own
    TimeLimitCollector starts a timer thread per search; a clock check is enough here."""

    CHECK_EVERY = 256

    def __init__(self, child, seconds: float):
        super().__init__(child)
        self.seconds = seconds

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self.deadline = time.perf_counter() + self.seconds

    def collect_matches(self):
        child = self.child
        for count, sub_docnum in enumerate(child.matches()):
            if count % self.CHECK_EVERY == 0 and time.perf_counter() > self.deadline:
                raise OverBudget
            child.collect(sub_docnum)


def search_within_budget(searcher, parsed_query, limit: int, **search_kwargs):
    """Whoosh's own search, stopped at the time budget with what it found by then (a slow
    wildcard or phrase query cannot hold a web process for seconds)."""
    collector = DeadlineCollector(
        searcher.collector(limit=limit, **_collector_options(search_kwargs)),
        conf.search_time_budget(),
    )
    try:
        searcher.search_with_collector(parsed_query, collector)
    except OverBudget:
        logger.warning("Search stopped at its time budget: %s", parsed_query)
    results = collector.results()
    len(results)  # the count, known from the collector
    return results


def _collector_options(search_kwargs: dict) -> dict:
    options = {"optimize": False}
    for name in ("sortedby", "reverse", "groupedby", "filter"):
        if search_kwargs.get(name) is not None:
            options[name] = search_kwargs[name]
    return options


def spelling_suggestion(words: list[str], *, reader, field: str, analyzer) -> str | None:
    """Replace each Latin word that is not in the index by the most frequent close term.

    Works from the field's term list, so it needs no spelling graph and also runs when the query
    has no hits. Returns None when nothing would change.
    """
    if not words:
        return None
    corrector = reader.corrector(field)
    changed = False
    suggested = []
    corrections_left = SPELLING_MAX_CORRECTIONS
    deadline = time.perf_counter() + conf.search_time_budget()
    for word in words[:MAX_QUERY_WORDS]:
        terms = [token.text for token in analyzer(word)]
        if (
            len(terms) != 1
            or not word.isascii()
            or len(word) < SPELLING_MIN_WORD_LENGTH
            or reader.doc_frequency(field, terms[0])
            or corrections_left <= 0
            or time.perf_counter() > deadline
        ):
            suggested.append(word)
            continue
        corrections_left -= 1
        candidates = corrector.suggest(word.lower(), limit=5, maxdist=2, prefix=1)
        if not candidates:
            suggested.append(word)
            continue
        best = max(candidates, key=lambda term: reader.doc_frequency(field, term))
        suggested.append(force_str(best))
        changed = True
    return " ".join(suggested) if changed else None
