"""haystack's Whoosh backend, made to work for Chinese and made fast enough for a forum.

Changes against `haystack.backends.whoosh_backend.WhooshSearchBackend` (and why):
- Schema: every text field (the document field and `title`) uses search.analyzer.ChineseAnalyzer;
  other indexed CharFields are exact IDs (kind, category, language); `indexed=False` fields are
  only stored; no spelling graph and no sortable text columns (both slow indexing and bloat it).
- update(): one writer per call; the batch's ids are deleted through one searcher, then added.
  Stock update_document() opens a searcher per document (quadratic in the index size).
- bulk_writer(): `update_index` / `rebuild_index` (search/management/commands/update_index.py)
  send every batch to one multiprocessing writer committed once at the end, so a rebuild
  writes one segment per child process and merges nothing; a writer per batch spent most of a
  100k-thread rebuild starting child processes and merging segments.
- Writes wait for Whoosh's single writer lock (LOCK_TIMEOUT, else search.conf.lock_timeout()
  seconds) instead of raising LockError at once, so several web processes can post at the same time.
- Queries use one long-lived searcher per thread, refreshed only when the index changed (haystack
  opens a new one per query: ~250 ms at 100k documents), checked at most every
  WENDA_SEARCH_REFRESH_MS, reopening only the segments that changed (search.searchers); model
  narrowing is a filter query instead of an unbounded search.
- A results page costs one search: haystack's count call and page call share one Results
  (cached per searcher); filter queries' document sets are cached per searcher too. Word
  queries are ranked and counted by search.fastscore (vectorised BM25F over posting blocks,
  exact, 5-40x faster than Whoosh's one-posting-at-a-time matchers, which with a limit can
  also stop early on an Or inside an And); phrases, wildcards and facets use Whoosh's search.
- Highlighting runs the field's own analyzer (stock always uses StemmingAnalyzer, which returns
  nothing for Chinese).
- create_spelling_suggestion() works from the index's term list, also when a query has no hits.
"""

import re
import threading
import time

import numpy as np
from django.utils.encoding import force_str
from haystack.backends import log_query
from haystack.backends.whoosh_backend import (
    WhooshEngine,
    WhooshHtmlFormatter,
    WhooshSearchBackend,
    WhooshSearchQuery,
)
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError
from haystack.utils import get_model_ct
from whoosh import query as whoosh_query
from whoosh.fields import (
    BOOLEAN,
    DATETIME,
    IDLIST,
    KEYWORD,
    NUMERIC,
    STORED,
    TEXT,
    Schema,
)
from whoosh.fields import ID as WHOOSH_ID
from whoosh.highlight import ContextFragmenter
from whoosh.highlight import highlight as whoosh_highlight
from whoosh.idsets import BitSet
from whoosh.qparser import FuzzyTermPlugin, QueryParser
from whoosh.searching import ResultsPage, Searcher
from whoosh.sorting import Count, FieldFacet

from search import conf, fastscore, index_writes, searchers, whoosh_internals
from search.analyzer import ChineseAnalyzer, fold, warm_up
from search.index_writes import IndexWritesMixin
from search.query_cost import bounded_query, search_within_budget, spelling_suggestion
from search.writer_children import tie_writer_children_to_their_parent

# CharFields analysed as text besides the document field. Others (kind, category, language) are
# matched exactly.
TEXT_FIELD_NAMES = frozenset({"title", "question"})
HIGHLIGHT_WINDOW = 150
# Filter document sets and recent results kept per long-lived searcher (per thread).
SEARCHER_CACHE_SIZE = 32


class WendaWhooshSearchBackend(IndexWritesMixin, WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.lock_timeout_option = connection_options.get("LOCK_TIMEOUT")
        self.writer_memory_mb = int(connection_options.get("WRITER_MEMORY_MB", 128))
        self._local = threading.local()
        self.text_field_names: frozenset[str] = frozenset()
        self._bulk = None  # the open bulk_writer(), if any

    # -- schema ---------------------------------------------------------------------------------

    def setup(self):
        warm_up()
        tie_writer_children_to_their_parent()
        fastscore.set_cache_size(conf.cache_bytes())
        super().setup()
        self.parser = QueryParser(self.content_field_name, schema=self.schema)
        self.parser.add_plugins([FuzzyTermPlugin])
        self._local = threading.local()

    def build_schema(self, fields):
        schema_fields = {
            ID: WHOOSH_ID(stored=True, unique=True),
            DJANGO_CT: WHOOSH_ID(stored=True),
            DJANGO_ID: WHOOSH_ID(stored=True),
        }
        content_field_name = ""
        text_field_names = set()
        for field_class in fields.values():
            name = field_class.index_fieldname
            if field_class.is_multivalued:
                if field_class.indexed is False:
                    schema_fields[name] = IDLIST(stored=True, field_boost=field_class.boost)
                else:
                    schema_fields[name] = KEYWORD(
                        stored=True,
                        commas=True,
                        scorable=True,
                        field_boost=field_class.boost,
                    )
            elif field_class.field_type in ("date", "datetime"):
                schema_fields[name] = DATETIME(stored=field_class.stored, sortable=True)
            elif field_class.field_type in ("integer", "float"):
                schema_fields[name] = NUMERIC(
                    stored=field_class.stored,
                    numtype=int if field_class.field_type == "integer" else float,
                    field_boost=field_class.boost,
                    sortable=True,
                )
            elif field_class.field_type == "boolean":
                schema_fields[name] = BOOLEAN(stored=field_class.stored)
            elif field_class.indexed is False:
                schema_fields[name] = STORED()
            elif field_class.document or name in TEXT_FIELD_NAMES:
                # multitoken_query="or": jieba's search mode turns 中文搜索 into 中文, 搜索 and
                # 中文搜索; ANDing them would miss 中文全文搜索.
                schema_fields[name] = TEXT(
                    stored=field_class.stored,
                    analyzer=ChineseAnalyzer(),
                    field_boost=field_class.boost,
                    multitoken_query="or",
                )
                text_field_names.add(name)
            else:
                schema_fields[name] = WHOOSH_ID(stored=field_class.stored, field_boost=1.0)
            if field_class.document is True:
                content_field_name = name
        if len(schema_fields) <= 3:
            raise SearchBackendError(
                "No fields were found in any search_indexes. Please correct this before "
                "attempting to search."
            )
        self.text_field_names = frozenset(text_field_names)
        return content_field_name, Schema(**schema_fields)

    # -- reads ----------------------------------------------------------------------------------

    def _index_stamp(self) -> tuple:
        """Changes whenever a commit lands, also across `rebuild_index` (which deletes the
        directory and restarts generation numbers, so the generation alone is not enough)."""
        generation = self.index.latest_generation()
        try:
            modified = self.storage.file_modified(f"_{self.index.indexname}_{generation}.toc")
        except (OSError, NotImplementedError):  # RamStorage has no file times
            modified = None
        return generation, modified

    def searcher(self):
        """This thread's long-lived searcher, reopened only when the index has changed.

        Whether it changed is asked at most every WENDA_SEARCH_REFRESH_MS (search.conf) unless
        this process committed since: under steady posting every commit used to make every web
        process reopen at its next request. A search may so miss another process's post for
        that long. The reopened searcher keeps the readers of unchanged segments
        (search.searchers). Do not close it: the next query on this thread reuses it.
        """
        if not self.setup_complete:
            self.setup()
        searcher = getattr(self._local, "searcher", None)
        now = time.monotonic()
        commits = index_writes.local_commits()
        if (
            searcher is not None
            and now < self._local.check_after
            and commits == self._local.commits_seen
        ):
            return searcher
        stamp = self._index_stamp()
        self._local.check_after = now + conf.searcher_refresh_seconds()
        self._local.commits_seen = commits
        if searcher is not None and self._local.stamp == stamp:
            return searcher
        self.index = self.index.refresh()
        previous = searcher.reader() if searcher is not None else None
        reader, _kept = searchers.reopen_reader(self.index, previous)
        searcher = Searcher(reader, fromindex=self.index)
        self._local.searcher, self._local.stamp = searcher, stamp
        return searcher

    def results_stamp(self) -> str:
        """Which commit this thread's searcher reads (opening or refreshing it as a search
        would): a key for caches of search results that no commit can leave stale."""
        self.searcher()
        generation, modified = self._local.stamp
        return f"{generation}-{modified}"

    def forget_searcher(self) -> None:
        """Drop this thread's searcher: the next search opens the index as it is now. Another
        process's commit may have merged away segment files this searcher had not opened yet
        (Whoosh opens some lazily); a search that failed so succeeds on a fresh one."""
        self._local.searcher = None

    def _narrow_filter(self, narrow_queries, models, limit_to_registered_models):
        from django.conf import settings

        if limit_to_registered_models is None:
            limit_to_registered_models = getattr(
                settings, "HAYSTACK_LIMIT_TO_REGISTERED_MODELS", True
            )
        if models:
            model_choices = sorted(get_model_ct(model) for model in models)
        elif limit_to_registered_models:
            model_choices = self.build_models_list()
        else:
            model_choices = []
        filters = []
        if model_choices:
            filters.append(
                whoosh_query.Or([whoosh_query.Term(DJANGO_CT, ct) for ct in model_choices])
            )
        for narrow in narrow_queries or ():
            filters.append(self.parser.parse(force_str(narrow)))
        if not filters:
            return None
        return filters[0] if len(filters) == 1 else whoosh_query.And(filters)

    @log_query
    def search(
        self,
        query_string,
        sort_by=None,
        start_offset=0,
        end_offset=None,
        fields="",
        highlight=False,
        facets=None,
        date_facets=None,
        query_facets=None,
        narrow_queries=None,
        spelling_query=None,
        within=None,
        dwithin=None,
        distance_point=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        if date_facets or query_facets:
            # Rare paths: keep haystack's implementation for them.
            return super().search(
                query_string,
                sort_by=sort_by,
                start_offset=start_offset,
                end_offset=end_offset,
                fields=fields,
                highlight=highlight,
                facets=facets,
                date_facets=date_facets,
                query_facets=query_facets,
                narrow_queries=narrow_queries,
                spelling_query=spelling_query,
                models=models,
                limit_to_registered_models=limit_to_registered_models,
                result_class=result_class,
                **kwargs,
            )
        if not self.setup_complete:
            self.setup()
        query_string = bounded_query(force_str(query_string))
        empty = {"results": [], "hits": 0, "spelling_suggestion": None}
        if not query_string or (len(query_string) <= 1 and query_string != "*"):
            return empty

        reverse = False
        sort_fields = None
        if sort_by:
            directions = {order.startswith("-") for order in sort_by}
            if len(directions) > 1:
                raise SearchBackendError(
                    "Whoosh requires all order_by fields to use the same sort direction"
                )
            reverse = directions == {True}
            sort_fields = [order.lstrip("-") for order in sort_by]

        searcher = self.searcher()
        if not searcher.doc_count():
            return empty
        parsed_query = self.parser.parse(query_string)
        if parsed_query is None or parsed_query is whoosh_query.NullQuery:
            return empty
        page_num, page_length = self.calculate_page(start_offset, end_offset)
        narrow = self._narrow_filter(narrow_queries, models, limit_to_registered_models)
        facet_types = dict.fromkeys(facets or (), "fields")
        key = (query_string, repr(narrow), tuple(sort_fields or ()), reverse, tuple(facets or ()))
        try:
            raw_results = self._cached_results(
                searcher,
                key,
                parsed_query,
                limit=page_num * page_length,
                sortedby=sort_fields,
                reverse=reverse,
                filter=self._filter_docs(searcher, narrow),
                groupedby=[FieldFacet(facet, allow_overlap=True, maptype=Count) for facet in facets]
                if facets
                else None,
            )
            raw_page = ResultsPage(raw_results, page_num, page_length)
        except ValueError:
            if not self.silently_fail:
                raise
            return empty
        # Whoosh returns the last page when asked for one past the end.
        if raw_page.pagenum < page_num:
            return empty
        results = self._process_results(
            raw_page,
            highlight=False,
            query_string=query_string,
            spelling_query=spelling_query,
            result_class=result_class,
            facet_types=facet_types,
        )
        if highlight:
            self._highlight(results["results"], query_string)
        return results

    def _searcher_cache(self, searcher) -> dict:
        """Per-thread memo that lives exactly as long as the long-lived searcher."""
        if getattr(self._local, "cache_owner", None) is not searcher:
            self._local.cache_owner, self._local.cache = searcher, {}
        return self._local.cache

    def _filter_docs(self, searcher, narrow):
        """The documents a filter query allows, computed once per searcher: Whoosh otherwise
        walks every posting of e.g. kind:thread (a quarter of the index) on each query."""
        if narrow is None:
            return None
        cache = self._searcher_cache(searcher)
        key = ("filter", repr(narrow))
        if key not in cache:
            if len(cache) > SEARCHER_CACHE_SIZE:
                cache.clear()
            size = searcher.doc_count_all()
            # Per segment, so a searcher reopened after a commit reuses the unchanged ones'.
            ids = searchers.filter_docs(searcher, narrow)
            docs = BitSet(ids.tolist(), size=size)
            cache[key] = docs
            # The same set as a boolean array, for search.fastscore.
            mask = np.zeros(size, dtype=bool)
            mask[ids] = True
            cache[("mask", id(docs))] = mask
        return cache[key]

    def _cached_results(self, searcher, key, parsed_query, *, limit, **search_kwargs):
        """One search for a results page's count and its page.

        haystack asks twice per page (the count with a 1-document slice, then the page): the
        second call reuses the first one's Results, fetched at least a page deep. Plain word
        queries go through search.fastscore (vectorised BM25F or one sort field, exact count);
        facets, phrases and wildcards through Whoosh's own search, where
        optimize=False has the collector count while it scores.
        """
        cache = self._searcher_cache(searcher)
        cached = cache.get(("results", key))
        if cached is not None and cached[0] >= limit:
            return cached[1]
        fetch = max(limit, self.results_per_page)
        results = self._fast_results(searcher, parsed_query, fetch, **search_kwargs)
        if results is None:
            results = search_within_budget(searcher, parsed_query, fetch, **search_kwargs)
        if len(cache) > SEARCHER_CACHE_SIZE:
            cache.clear()
        cache[("results", key)] = (fetch, results)
        return results

    def _fast_results(
        self, searcher, parsed_query, limit, *, filter=None, sortedby=None, groupedby=None, **unused
    ):
        """Results from search.fastscore, or None where Whoosh's own search must run."""
        if groupedby or (sortedby and len(sortedby) != 1):
            return None
        allow = None
        if filter is not None:
            allow = self._searcher_cache(searcher).get(("mask", id(filter)))
            if allow is None:
                return None
        try:
            top, total = fastscore.top_documents(
                searcher,
                parsed_query,
                limit,
                allow=allow,
                sort_field=sortedby[0] if sortedby else None,
                reverse=bool(unused.get("reverse")),
            )
            return whoosh_internals.results_with_total(searcher, parsed_query, top, total)
        except (fastscore.Unsupported, whoosh_internals.InternalChanged):
            return None

    @property
    def results_per_page(self) -> int:
        from django.conf import settings

        return int(getattr(settings, "HAYSTACK_SEARCH_RESULTS_PER_PAGE", 20))

    def analyze(self, text: str, fieldname: str | None = None) -> list[str]:
        """Index terms of `text` for a text field, in order, duplicates kept."""
        if not self.setup_complete:
            self.setup()
        analyzer = self.schema[fieldname or self.content_field_name].analyzer
        return [token.text for token in analyzer(text)]

    def _highlight(self, results, query_string: str) -> None:
        field = self.content_field_name
        analyzer = self.schema[field].analyzer
        terms = set()
        for word in self.parser.parse(query_string).iter_all_terms():
            fieldname, text = word
            if fieldname in self.text_field_names:
                terms.add(force_str(text))
        formatter = WhooshHtmlFormatter("em")
        for result in results:
            text = getattr(result, field, None) or ""
            snippet = ""
            if terms:
                window = _highlight_window(text, terms)
                snippet = whoosh_highlight(window, terms, analyzer, ContextFragmenter(), formatter)
            result.highlighted = {field: [snippet]}

    def create_spelling_suggestion(self, query_string):
        if not self.setup_complete:
            self.setup()
        cleaned = force_str(query_string or "")
        for reserved in self.RESERVED_CHARACTERS:
            cleaned = cleaned.replace(reserved, " ")
        words = [word for word in cleaned.split() if word not in self.RESERVED_WORDS]
        field = self.content_field_name
        return spelling_suggestion(
            words,
            reader=_LiveTerms(self.searcher().reader()),
            field=field,
            analyzer=self.schema[field].analyzer,
        )


class _LiveTerms:
    """A reader whose words are those of the documents still in the index.

    Whoosh keeps a removed document's words (a post hidden or deleted: its document is marked
    deleted) in the term list and its frequencies until the segment is merged away, so "did you
    mean" offered a hidden post's word, which then found nothing. Here a word counts only for
    the live documents holding it: the corrector's candidates are re-checked, and a query
    word held only by removed documents is "not in the index" and gets corrected.
    """

    def __init__(self, reader):
        self._reader = reader
        self._deleted = reader.doc_count_all() - reader.doc_count()

    def doc_frequency(self, fieldname, text) -> int:
        frequency = self._reader.doc_frequency(fieldname, text)
        # Postings are walked only for a word in no more documents than the index has removed
        # ones: a more frequent word has live documents whatever was removed, and a few
        # removals barely change its rank among candidates. So common words cost nothing here.
        if not frequency or not self._deleted or frequency > self._deleted:
            return frequency
        postings = self._reader.postings(fieldname, text)
        return sum(1 for docnum in postings.all_ids() if not self._reader.is_deleted(docnum))

    def corrector(self, fieldname):
        return _LiveCorrector(self._reader.corrector(fieldname), self, fieldname)


class _LiveCorrector:
    def __init__(self, corrector, terms: _LiveTerms, fieldname: str):
        self._corrector, self._terms, self._fieldname = corrector, terms, fieldname

    def suggest(self, text, limit=5, **options):
        # Ask for more than `limit`: some candidates may be only removed documents' words.
        candidates = self._corrector.suggest(text, limit=limit * 4, **options)
        live = [term for term in candidates if self._terms.doc_frequency(self._fieldname, term)]
        return live[:limit]


def _highlight_window(text: str, terms: set[str]) -> str:
    """The part of a long document around the first query term, so that highlighting analyses
    ~HIGHLIGHT_WINDOW characters instead of the whole text (threads carry their answers too).

    A term is looked for where a word starts (so "late" is not found inside "unrelated"), and
    the window starts at a word boundary: the snippet never opens on half a word."""
    if len(text) <= 2 * HIGHLIGHT_WINDOW:
        return text
    folded = fold(text).lower()
    positions = [found.start() for term in terms if (found := _term_start(term).search(folded))]
    start = max(0, min(positions) - HIGHLIGHT_WINDOW // 2) if positions else 0
    start = _word_start(text, start)
    return text[start : start + 2 * HIGHLIGHT_WINDOW]


# How far a window's start moves back to a space or punctuation before it settles for the
# start of the next word; a CJK run has no spaces, only punctuation, every few dozen characters.
WORD_START_REACH = 40
_BOUNDARY = re.compile(r"[\s\W]")


def _term_start(term: str) -> re.Pattern:
    # Only the left edge is a word boundary: the index may hold a word's stem ("withdraw").
    if term[:1].isascii() and term[:1].isalnum():
        return re.compile(rf"(?<![0-9a-z]){re.escape(term)}")
    return re.compile(re.escape(term))


def _word_start(text: str, start: int) -> int:
    """`start`, or the nearest position before it (else after it) that begins a word."""
    if start <= 0 or _BOUNDARY.match(text[start - 1]) or _BOUNDARY.match(text[start]):
        return start
    for position in range(start - 1, max(0, start - WORD_START_REACH) - 1, -1):
        if _BOUNDARY.match(text[position]):
            return position + 1
    if start - WORD_START_REACH <= 0:
        return 0
    found = _BOUNDARY.search(text, start, start + WORD_START_REACH)
    return found.end() if found else start


class WendaWhooshEngine(WhooshEngine):
    backend = WendaWhooshSearchBackend
    query = WhooshSearchQuery
