"""What grouping /search/ results per thread costs on N synthetic threads (~3 answers each).

    .venv/bin/python benchmarks/grouping_cost.py --threads 10000 [--json FILE]

Builds the corpus and index as benchmarks/search_speed.py does (its helpers, imported), in a
temporary directory, then measures search.grouping's two ways of knowing each document's page:
- the `group` column (search.indexes.DocumentIndex.group): a cold read of each segment's
  column (ms, documents), and a whole-index warm-up as the server's preload does it;
- the stored URLs, the fallback for an index written before the column: what reading them for
  a whole segment costs (timed on a sample of documents, per document and extrapolated).
Then GET /search/?q=... through Django's test client for QUERIES queries from the synthetic
generator with each way: cold (the per-segment memos emptied, as after a process start or a
merge; search.fastscore's postings cache already warm from other queries, so the difference is
the grouping's) and warm (the same queries again), p50/p95/max ms. Rate limits are off and
embeddings default to off (WENDA_EMBEDDINGS=on to keep them: the rebuild then computes vectors).

Measured 2026-12-02 at --threads 10000 (39,961 documents, 2 segments) on the shared 2-core box
(load ~9): column read 0.2-0.8 ms per 20k-document segment, 10.7 ms for one 400k-document
segment (stored URLs: 29 us a document, 11.6 s for 400k); preload warm-up 1.9 ms; the grouping
step over 190 queries' matches 8 ms in all, cold (stored URLs: 1.6 s cold, the worst query
369 ms); /search/ p50/p95 32/48 ms cold, 29/43 ms warm, first query after the memos emptied
21 ms (stored URLs: 33/83 ms cold, first query 794 ms).
"""

import argparse
import json
import logging
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_speed
import synthetic

QUERIES = 200
URL_SAMPLE_DOCS = 20_000


def _disable_rate_limits() -> None:
    # Before Django reads its settings: 0 turns a window off (core.rate_limits).
    for scope in ("SEARCH", "SIMILAR"):
        for window in ("MINUTE", "HOUR"):
            os.environ[f"WENDA_RATE_{scope}_PER_{window}"] = "0"
    os.environ.setdefault("WENDA_EMBEDDINGS", "off")


def _clear_grouping_memos() -> None:
    from search import grouping

    grouping._segment_columns.clear()
    grouping._segment_url_keys.clear()
    grouping._key_numbers.clear()


def _percentiles(samples: list[float]) -> dict:
    return {**search_speed._percentiles(samples), "max": round(max(samples), 2)}


def measure_column_reads(searcher) -> list[dict]:
    from search import grouping

    segments = []
    for leaf, _offset in searcher.leaf_searchers():
        reader = leaf.reader()
        started = time.perf_counter()
        column = grouping.read_group_column(reader)
        elapsed = 1000 * (time.perf_counter() - started)
        segments.append(
            {
                "docs": reader.doc_count_all(),
                "column_read_ms": round(elapsed, 2),
                "has_column": column is not None,
            }
        )
    return segments


def measure_url_reads(searcher) -> dict:
    """The fallback's cost: stored fields of a sample of documents, per document."""
    reader = next(iter(searcher.leaf_searchers()))[0].reader()
    sample = min(URL_SAMPLE_DOCS, reader.doc_count_all())
    started = time.perf_counter()
    for docnum in range(sample):
        reader.stored_fields(docnum)
    per_doc_us = 1e6 * (time.perf_counter() - started) / max(1, sample)
    return {
        "sample_docs": sample,
        "per_doc_us": round(per_doc_us, 1),
        "whole_index_s": round(per_doc_us * searcher.doc_count_all() / 1e6, 2),
    }


def measure_warm_up() -> dict:
    """search.grouping.warm() over the live index, as config.wsgi's preload runs it."""
    from search import grouping

    _clear_grouping_memos()
    started = time.perf_counter()
    documents = grouping.warm_live_index()
    return {"docs": documents, "ms": round(1000 * (time.perf_counter() - started), 2)}


def measure_group_keys(queries: list[str], *, use_column: bool) -> dict:
    """The grouping step alone (search.grouping._group_keys over each query's matches), cold
    (memos emptied first) then warm: the page's other costs, and the loaded machine's noise
    in them, left out."""
    from haystack import connections
    from haystack.inputs import AutoQuery
    from haystack.query import SearchQuerySet

    from search import grouping

    backend = connections["default"].get_backend()
    searcher = backend.searcher()
    matches = []
    for query in queries:
        words = SearchQuerySet().filter(content=AutoQuery(query)).query.build_query()
        parsed = backend.parser.parse(words)
        if parsed is None:
            continue
        ids, _values = grouping.GroupedResults(words)._matches(backend, searcher, parsed)
        if len(ids):
            matches.append(ids)
    read_column = grouping.read_group_column
    if not use_column:
        grouping.read_group_column = lambda reader: None

    def run() -> list[float]:
        samples = []
        for ids in matches:
            started = time.perf_counter()
            grouping._group_keys(searcher, ids)
            samples.append(1000 * (time.perf_counter() - started))
        return samples

    try:
        _clear_grouping_memos()
        cold, warm = run(), run()
    finally:
        grouping.read_group_column = read_column
    return {
        "queries": len(matches),
        "matches_p50": int(sorted(len(ids) for ids in matches)[len(matches) // 2]),
        "matches_max": int(max(len(ids) for ids in matches)),
        "cold_ms": {**_percentiles(cold), "total": round(sum(cold), 1)},
        "warm_ms": {**_percentiles(warm), "total": round(sum(warm), 1)},
    }


def measure_large_segment(docs: int) -> dict:
    """A cold column read of one `docs`-document segment (a group column and a stored URL
    only: the read does not depend on the other fields), and the stored-URL read's rate."""
    from whoosh import fields as whoosh_fields
    from whoosh.filedb.filestore import FileStorage

    from search import grouping

    schema = whoosh_fields.Schema(
        group=whoosh_fields.NUMERIC(int, stored=False, sortable=True),
        url=whoosh_fields.STORED(),
    )
    with tempfile.TemporaryDirectory(prefix="wenda-segment-") as path:
        index = FileStorage(path).create_index(schema)
        writer = index.writer(limitmb=256)
        for number in range(docs):
            thread = number // 4 + 1
            suffix = f"#answer-{number}" if number % 4 else ""
            writer.add_document(group=thread, url=f"/t/{thread}/{suffix}")
        writer.commit()
        with index.searcher() as searcher:
            reader = next(iter(searcher.leaf_searchers()))[0].reader()
            started = time.perf_counter()
            column = grouping.read_group_column(reader)
            column_ms = 1000 * (time.perf_counter() - started)
            assert column is not None and column.missing is None
            assert int(column.numbers[-1]) == (docs - 1) // 4 + 1
            sample = min(URL_SAMPLE_DOCS, docs)
            started = time.perf_counter()
            for docnum in range(sample):
                reader.stored_fields(docnum)
            per_doc_us = 1e6 * (time.perf_counter() - started) / sample
    return {
        "docs": docs,
        "column_read_ms": round(column_ms, 2),
        "stored_url_per_doc_us": round(per_doc_us, 1),
        "stored_urls_whole_segment_s": round(per_doc_us * docs / 1e6, 2),
    }


def measure_search(queries: list[str], *, use_column: bool) -> dict:
    from django.test import Client

    from search import grouping

    client = Client()
    read_column = grouping.read_group_column
    if not use_column:
        grouping.read_group_column = lambda reader: None  # as on an index without the column

    def run() -> list[float]:
        samples = []
        for query in queries:
            started = time.perf_counter()
            response = client.get("/search/", {"q": query})
            samples.append(1000 * (time.perf_counter() - started))
            assert response.status_code == 200, response.status_code
        return samples

    try:
        _clear_grouping_memos()
        cold = run()
        warm = run()
    finally:
        grouping.read_group_column = read_column
    return {
        "cold_ms": _percentiles(cold),
        "first_query_ms": round(cold[0], 2),
        "warm_ms": _percentiles(warm),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=10_000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--corpus", choices=("zipf", "uniform"), default="zipf")
    parser.add_argument(
        "--segment-docs",
        type=int,
        default=400_000,
        help="also time a cold column read of one segment this large (0: skip)",
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    synthetic.use(args.corpus)
    _disable_rate_limits()
    with tempfile.TemporaryDirectory(prefix="wenda-grouping-") as tmp:
        search_speed._setup_django(Path(tmp))
        # One log line per request would bury the figures.
        logging.getLogger("wenda.request").setLevel(logging.WARNING)
        result = {"threads": args.threads, "corpus": args.corpus}
        if args.segment_docs:
            result["large_segment"] = measure_large_segment(args.segment_docs)
            print(f"one large segment: {result['large_segment']}", flush=True)
        started = time.perf_counter()
        answers = search_speed.create_threads(args.threads, rng)
        print(
            f"created {args.threads} threads and {answers} answers in "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
        rebuild = search_speed.measure_rebuild()
        rate, docs = rebuild["rebuild_docs_per_s"], rebuild["docs"]
        print(f"rebuild: {docs} documents at {rate:.0f} docs/s", flush=True)

        from haystack import connections

        searcher = connections["default"].get_backend().searcher()
        result["docs"] = docs
        result["column_reads"] = measure_column_reads(searcher)
        result["url_reads"] = measure_url_reads(searcher)
        result["preload_warm_up"] = measure_warm_up()
        print(f"column reads per segment: {result['column_reads']}", flush=True)
        print(f"stored-URL reads: {result['url_reads']}", flush=True)
        print(f"preload warm-up: {result['preload_warm_up']}", flush=True)

        queries = [synthetic.search_query(rng) for _ in range(QUERIES)]
        warm_up_queries = [synthetic.search_query(rng) for _ in range(QUERIES)]
        # Other queries first: search.fastscore's postings and the OS page cache are warm, as
        # in a web process that has been up a while, so cold/warm differ by the grouping only.
        measure_search(warm_up_queries, use_column=True)
        result["search_with_column"] = measure_search(queries, use_column=True)
        print(f"/search/ with the column: {result['search_with_column']}", flush=True)
        result["search_with_urls"] = measure_search(queries, use_column=False)
        print(f"/search/ with stored URLs: {result['search_with_urls']}", flush=True)
        for name, use_column in (("column", True), ("urls", False)):
            result[f"group_keys_with_{name}"] = measure_group_keys(queries, use_column=use_column)
            print(f"grouping step with {name}: {result[f'group_keys_with_{name}']}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
