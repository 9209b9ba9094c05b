"""Search speed on N synthetic bilingual threads (~3 answers each), against stock haystack + FTS5.

    .venv/bin/python benchmarks/search_speed.py --threads 10000 [--json FILE]

Everything lives in a temporary directory: a fresh SQLite database (migrated, rows created with
bulk_create) and Whoosh indexes. Measured, for the project's engine (search.backend):
- rebuild: `manage.py rebuild_index` (the real haystack command and indexes), documents/s;
- post visible: a thread posted through forum.services in a transaction until a search finds it
  (the on-commit signal processor writes it), ms;
- GET /api/similar?title=... and GET /search/?q=... through Django's test client, p50/p95 ms.
Then the same queries on stock haystack + Whoosh (WhooshEngine, StemmingAnalyzer,
HAYSTACK_LIMIT_TO_REGISTERED_MODELS left at its default) and on SQLite FTS5 with the text
pre-segmented by the project's analyzer. Stock haystack's rebuild is quadratic, so its rate is
measured on the first --stock-rebuild-docs documents only; its full-size index for the query
timings is written with one batched writer (same documents, stock schema).
"""

import argparse
import contextlib
import cProfile
import json
import os
import pstats
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
# What config/wsgi.py sets for web processes, before anything loads numpy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import synthetic

QUERIES = 200
# Each engine first answers QUERIES other queries from the same generator: a web process that
# has been up a while has read the posting lists of the frequent words (search.fastscore's
# cache; the OS page cache for the others). Those first queries are timed too and reported as
# *_first_ms, the latency right after a process starts.


def _setup_django(workdir: Path, *, migrate: bool = True) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'db.sqlite3'}"
    os.environ["SEARCH_INDEX_PATH"] = str(workdir / "index")
    os.environ.setdefault("DJANGO_DEBUG", "1")  # no HTTPS redirect for the test client
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    # The synthetic authors have "posted" thousands of threads within the hour.
    for name in ("NEW_QUESTIONS", "NEW_ANSWERS", "QUESTIONS", "ANSWERS"):
        setattr(settings, f"WENDA_RATE_{name}_PER_HOUR", 10**9)
    # One client asks thousands of times a minute: no per-address limit (core.rate_limits).
    settings.WENDA_RATE_LIMITS = {scope: (0, 0) for scope in settings.WENDA_RATE_LIMITS}
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "p50": round(statistics.median(ordered), 2),
        "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 2),
    }


def _timed(function, inputs, warm_up_inputs) -> tuple[dict, dict]:
    """(p50/p95 over `inputs`, p50/p95 over `warm_up_inputs` run first) in ms."""

    def run(values):
        samples = []
        for value in values:
            started = time.perf_counter()
            function(value)
            samples.append(1000 * (time.perf_counter() - started))
        return _percentiles(samples)

    first = run(warm_up_inputs)
    return run(inputs), first


def create_threads(count: int, rng: random.Random) -> int:
    """Bulk-create users, categories, threads and ~3 answers each; returns the answer count."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from forum.models import Answer, Category, Thread

    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"bench{i}", password="!") for i in range(50)]
    )
    categories = Category.objects.bulk_create(
        [Category(name=f"Bench {i}", slug=f"bench-{i}") for i in range(5)]
    )
    now = timezone.now()
    answers_total = 0
    batch = 2000
    for start in range(0, count, batch):
        with transaction.atomic():
            threads = []
            for _ in range(start, min(start + batch, count)):
                chinese = rng.random() < 0.6
                body = synthetic.body(rng, chinese)
                threads.append(
                    Thread(
                        title=synthetic.title(rng, chinese),
                        body=body,
                        body_html=f"<p>{body}</p>",
                        body_text=body,
                        language="zh-hans" if chinese else "en",
                        author=rng.choice(users),
                        category=rng.choice(categories),
                        answer_count=3,
                        last_activity_at=now,
                    )
                )
            threads = Thread.objects.bulk_create(threads)
            answers = []
            for thread in threads:
                chinese = thread.language == "zh-hans"
                for _ in range(rng.choice((2, 3, 4))):
                    body = synthetic.body(rng, chinese, chars=300)
                    answers.append(
                        Answer(
                            thread=thread,
                            body=body,
                            body_html=f"<p>{body}</p>",
                            body_text=body,
                            author=rng.choice(users),
                            vote_score=rng.choice((0, 0, 1, 2)),
                        )
                    )
            Answer.objects.bulk_create(answers)
            answers_total += len(answers)
    return answers_total


def index_doc_count(alias: str = "default") -> int:
    from haystack import connections

    backend = connections[alias].get_backend()
    backend.setup()
    backend.index = backend.index.refresh()
    return backend.index.doc_count()


def measure_rebuild(vectors_sample: int | None = None) -> dict:
    """`rebuild_index`'s documents/s overall and without its sentence vectors, which
    update_index computes after the index is committed (search.vector_worker.encode_pending:
    timed here by wrapping it, the one change to the real command's path).

    With ``vectors_sample``, only that many queued vectors are computed by the model (timed);
    the rest of the queue is stored as random unit vectors, so the store holds one vector per
    thread for the query timings (the exact search's cost does not depend on the values; the
    neighbours over the cosine floor come from the sample) and the vectors' share of the
    rebuild is extrapolated from the sample. On a shared machine the model's ~20-200 ms per
    synthetic post (title + 300 characters, 60% Chinese) would take 30 minutes to hours."""
    import numpy as np
    from django.core.management import call_command

    from search import encoder, vector_worker

    vectors = {"seconds": 0.0, "count": 0, "filled": 0, "filled_s": 0.0}
    encode_pending = vector_worker.encode_pending

    def timed_encode_pending(store, **options):
        if vectors_sample is not None:
            options["limit"] = vectors_sample
        started = time.perf_counter()
        computed = encode_pending(store, **options)
        vectors["seconds"] += time.perf_counter() - started
        vectors["count"] += computed
        started = time.perf_counter()
        if vectors_sample is not None:
            generator = np.random.default_rng(0)
            while batch := store.pending(5000):
                filler = generator.standard_normal((len(batch), encoder.DIMENSIONS))
                filler /= np.linalg.norm(filler, axis=1, keepdims=True)
                store.store(batch, filler.astype(np.float32))
                vectors["filled"] += len(batch)
        vectors["filled_s"] += time.perf_counter() - started
        return computed

    vector_worker.encode_pending = timed_encode_pending
    try:
        started = time.perf_counter()
        call_command(
            "rebuild_index", interactive=False, verbosity=0, batchsize=5000, stdout=StringIO()
        )
        seconds = time.perf_counter() - started
    finally:
        vector_worker.encode_pending = encode_pending
    docs = index_doc_count()
    index_seconds = seconds - vectors["seconds"] - vectors["filled_s"]
    each_s = vectors["seconds"] / max(1, vectors["count"])
    all_vectors_s = each_s * (vectors["count"] + vectors["filled"])
    return {
        "docs": docs,
        "rebuild_docs_per_s": round(docs / (index_seconds + all_vectors_s), 1),
        "rebuild_index_only_docs_per_s": round(docs / index_seconds, 1),
        "rebuild_index_s": round(index_seconds, 1),
        "rebuild_vectors_encoded": vectors["count"],
        "rebuild_vectors_random_filler": vectors["filled"],
        "rebuild_vectors_ms_each": round(1000 * each_s, 2),
        "rebuild_vectors_s": round(all_vectors_s, 1),
        "rebuild_vectors_s_extrapolated": bool(vectors["filled"]),
    }


def add_extra_vectors(count: int) -> None:
    """Random unit vectors for ids no index holds (never returned: the visibility lookup skips
    them; random vectors are under the cosine floor anyway). Every web process reads them into
    its matrix and scans them on each /api/similar request, as it would a bigger forum's."""
    import numpy as np
    from haystack import connections

    from search import encoder
    from search.vector_store import PendingVector

    store = connections["default"].get_backend().vector_store
    generator = np.random.default_rng(1)
    for start in range(0, count, 5000):
        items = [
            PendingVector(f"bench.filler.{i}", "", "filler", f"/filler/{i}/", "en")
            for i in range(start, min(count, start + 5000))
        ]
        filler = generator.standard_normal((len(items), encoder.DIMENSIONS))
        filler /= np.linalg.norm(filler, axis=1, keepdims=True)
        store.store(items, filler.astype(np.float32))


def measure_post_visible(rng: random.Random) -> float:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from haystack.query import SearchQuerySet

    from forum.models import Category
    from forum.services import thread_create

    author = get_user_model().objects.first()
    # Unique on every run: a reused --workdir holds the posts of earlier runs, whose marker
    # would be found at once.
    marker = "benchmarkmarker" + "".join(random.SystemRandom().choice("qxzjvk") for _ in range(12))
    body = synthetic.body(rng, False, chars=300)
    category = Category.objects.first()
    started = time.perf_counter()
    with transaction.atomic():
        thread_create(
            author=author, title=f"New post {marker}", body=body, category=category, tags=()
        )
    while not SearchQuerySet().auto_query(marker).count():
        if time.perf_counter() - started > 60:
            raise RuntimeError("the new post did not become searchable within 60 s")
        time.sleep(0.001)
    return round(1000 * (time.perf_counter() - started), 2)


def measure_views(queries: dict) -> dict:
    from django.test import Client

    client = Client()

    def similar(title):
        response = client.get("/api/similar", {"title": title})
        assert response.status_code == 200, response.status_code

    def search(query):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, response.status_code

    return _timed_views(similar, search, queries)


def _timed_views(similar, search, queries: dict) -> dict:
    similar_ms, similar_first = _timed(similar, queries["titles"], queries["warm_titles"])
    search_ms, search_first = _timed(search, queries["search"], queries["warm_search"])
    return {
        "similar_ms": similar_ms,
        "search_ms": search_ms,
        "similar_ms_first": similar_first,
        "search_ms_first": search_first,
    }


def build_stock(workdir: Path, rebuild_docs: int) -> dict:
    """Stock haystack + Whoosh on the same documents; returns its rebuild figures."""
    from haystack import connections
    from haystack.constants import ID
    from haystack.utils import get_identifier

    from forum.models import Answer, Thread

    connections.connections_info["stock"] = {
        "ENGINE": "haystack.backends.whoosh_backend.WhooshEngine",
        "PATH": str(workdir / "stock_index"),
    }
    stock = connections["stock"].get_backend()
    stock.setup()
    unified = connections["stock"].get_unified_index()
    # Rebuild rate: stock update() on the first documents (it slows down as the index grows).
    thread_index, answer_index = unified.get_index(Thread), unified.get_index(Answer)
    threads = list(thread_index.index_queryset().order_by("pk")[: max(1, rebuild_docs // 4)])
    answers = list(
        answer_index.index_queryset().filter(thread__in=threads).order_by("pk")[:rebuild_docs]
    )
    started = time.perf_counter()
    for thread in threads:
        stock.update(thread_index, [thread])
    for answer in answers:
        stock.update(answer_index, [answer])
    rate = (len(threads) + len(answers)) / (time.perf_counter() - started)
    # Full-size index for query timings: copy every stored document from the project's index.
    done = {get_identifier(obj) for obj in threads + answers}
    ours = connections["default"].get_backend()
    reader = ours.searcher().reader()
    writer = stock.index.writer(limitmb=256)
    fields = set(stock.schema.names())
    for stored in reader.all_stored_fields():
        if stored[ID] in done:
            continue
        writer.add_document(**{key: value for key, value in stored.items() if key in fields})
    writer.commit()
    return {"rebuild_docs_per_s": round(rate, 1), "rebuild_measured_docs": len(done)}


def measure_stock(queries: dict, rng) -> dict:
    from django.test import override_settings
    from haystack.inputs import AutoQuery
    from haystack.query import SQ, SearchQuerySet

    from search.similar import _generic_analyze, _unique

    def similar(title):
        condition = SQ()
        for word in _unique(_generic_analyze(title))[:20]:
            condition |= SQ(content=word)
        list(SearchQuerySet().using("stock").filter(condition).exclude(kind="answer")[:5])

    def search(query):
        queryset = SearchQuerySet().using("stock").filter(content=AutoQuery(query)).highlight()
        len(queryset)
        list(queryset[:20])

    with override_settings(HAYSTACK_LIMIT_TO_REGISTERED_MODELS=True):
        return _timed_views(similar, search, queries)


def measure_fts5(workdir: Path, queries: dict, rng) -> dict:
    """SQLite FTS5 over the same documents, pre-segmented with the project's analyzer."""
    from haystack import connections
    from haystack.constants import ID

    from search.analyzer import ChineseAnalyzer

    analyzer = ChineseAnalyzer()

    def segment(text: str) -> str:
        return " ".join(token.text for token in analyzer(text or ""))

    reader = connections["default"].get_backend().searcher().reader()
    documents = [
        (stored[ID], stored.get("kind"), stored.get("title") or "", stored.get("text") or "")
        for stored in reader.all_stored_fields()
    ]
    database = sqlite3.connect(workdir / "fts5.sqlite3")
    database.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(doc_id UNINDEXED, kind UNINDEXED, "
        "title, text, tokenize='unicode61')"
    )
    started = time.perf_counter()
    with database:
        database.executemany(
            "INSERT INTO docs VALUES (?, ?, ?, ?)",
            (
                (doc_id, kind, segment(title), segment(text))
                for doc_id, kind, title, text in documents
            ),
        )
    rate = len(documents) / (time.perf_counter() - started)

    def quoted(terms):
        return ['"' + term.replace('"', "") + '"' for term in terms if term]

    def similar(title):
        terms = quoted(dict.fromkeys(segment(title).split()))
        if terms:
            database.execute(
                "SELECT doc_id FROM docs WHERE docs MATCH ? AND kind != 'answer' "
                "ORDER BY bm25(docs, 0, 0, 2.0, 1.0) LIMIT 5",
                (" OR ".join(terms),),
            ).fetchall()

    def search(query):
        terms = quoted(segment(query).split())
        if terms:
            match = " AND ".join(terms)
            database.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchall()
            database.execute(
                "SELECT doc_id, snippet(docs, 3, '<em>', '</em>', '…', 20) FROM docs "
                "WHERE docs MATCH ? ORDER BY rank LIMIT 20",
                (match,),
            ).fetchall()

    marker = "fts5marker" + "".join(rng.choice("qxzjvk") for _ in range(8))
    started = time.perf_counter()
    with database:
        database.execute("INSERT INTO docs VALUES ('new', 'thread', ?, ?)", (marker, marker))
    database.execute("SELECT doc_id FROM docs WHERE docs MATCH ?", (marker,)).fetchall()
    visible = 1000 * (time.perf_counter() - started)
    return {
        "rebuild_docs_per_s": round(rate, 1),
        "post_visible_ms": round(visible, 2),
        **_timed_views(similar, search, queries),
    }


def _ratio(slow: dict, fast: dict, key: str) -> str:
    if key not in slow or key not in fast:
        return "-"
    if isinstance(slow[key], dict):
        return f"{slow[key]['p95'] / max(fast[key]['p95'], 1e-6):.1f}x"
    return f"{slow[key] / max(fast[key], 1e-6):.1f}x"


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return round(int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def _memory_mb() -> dict:
    """This process's resident (RSS), proportional (PSS: shared pages divided among the
    processes that map them) and unique (USS: private pages) memory, from smaps_rollup."""
    fields = {}
    with open("/proc/self/smaps_rollup") as rollup:
        for line in rollup:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1])
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return {
        "rss_mb": round(fields.get("Rss", 0) / 1024, 1),
        "pss_mb": round(fields.get("Pss", 0) / 1024, 1),
        "uss_mb": round(uss / 1024, 1),
    }


def web_process(workdir: Path, queries_file: Path, profile_file: Path | None) -> dict:
    """What one web process does, in a fresh interpreter on the benchmark's database and index:
    config.wsgi (the preload: search backend, and the model unless WENDA_EMBEDDINGS=off), the
    warm-up queries, the measured ones, then its memory. Optionally cProfile of 50 more
    /api/similar requests."""
    _setup_django(workdir, migrate=False)
    memory_at_start = _memory_mb()
    started = time.perf_counter()
    import config.wsgi  # noqa: F401 (the web process's preload)

    preload_s = time.perf_counter() - started
    queries = json.loads(queries_file.read_text(encoding="utf-8"))
    timings = measure_views(queries)
    result = {
        "embeddings": os.environ.get("WENDA_EMBEDDINGS") or "on",
        "preload_s": round(preload_s, 2),
        "memory_at_start": memory_at_start,
        "memory_after_queries": _memory_mb(),
        **timings,
    }
    if profile_file:
        from django.test import Client

        client = Client()
        profiler = cProfile.Profile()
        profiler.enable()
        for title in queries["profile_titles"]:
            client.get("/api/similar", {"title": title})
        profiler.disable()
        with open(profile_file, "w", encoding="utf-8") as out:
            count = len(queries["profile_titles"])
            out.write(f"{count} GET /api/similar, embeddings {result['embeddings']}\n")
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
    return result


def run_web_process(workdir: Path, queries: dict, embeddings: str, profile: Path | None) -> dict:
    queries_file = workdir / "queries.json"
    queries_file.write_text(json.dumps(queries), encoding="utf-8")
    env = {**os.environ, "WENDA_EMBEDDINGS": embeddings, "OPENBLAS_NUM_THREADS": "1"}
    command = [sys.executable, __file__, "--web-process", str(workdir), str(queries_file)]
    if profile:
        command += ["--profile", str(profile)]
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if finished.returncode:
        raise RuntimeError(f"web process failed: {finished.stderr[-3000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=10_000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--stock-rebuild-docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument(
        "--corpus",
        choices=("zipf", "uniform"),
        default="zipf",
        help="word distribution of the synthetic posts (see benchmarks/synthetic.py)",
    )
    parser.add_argument(
        "--skip-baselines",
        action="store_true",
        help="measure only the project's engine (stock haystack at 100k takes hours)",
    )
    parser.add_argument(
        "--vectors-sample",
        type=int,
        metavar="N",
        help="compute only N sentence vectors with the model in the rebuild (timed; the rest "
        "random unit vectors, their cost extrapolated): see measure_rebuild",
    )
    parser.add_argument(
        "--extra-vectors",
        type=int,
        metavar="N",
        help="store N more random unit vectors of documents the index does not hold: the "
        "vector search's cost and memory of a bigger forum over a smaller word index",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="build the database, index and vectors here and reuse them on the next run with "
        "the same --threads (the 100k build takes ~40 min): the rebuild figures are then the "
        "first run's; posts of earlier runs stay",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        help="write cProfile of 50 /api/similar requests in the model-on web process here",
    )
    parser.add_argument(
        "--web-process",
        nargs=2,
        type=Path,
        metavar=("WORKDIR", "QUERIES"),
        help=argparse.SUPPRESS,  # the child run_web_process starts
    )
    args = parser.parse_args(argv)
    if args.web_process:
        print(json.dumps(web_process(*args.web_process, args.profile)))
        return 0
    load_at_start = os.getloadavg()
    rng = random.Random(args.seed)
    synthetic.use(args.corpus)
    with contextlib.ExitStack() as stack:
        if args.workdir:
            workdir = args.workdir
            workdir.mkdir(parents=True, exist_ok=True)
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="wenda-speed-")))
        built = workdir / "built.json"
        _setup_django(workdir)
        if built.exists() and json.loads(built.read_text())["threads"] == args.threads:
            rebuild = json.loads(built.read_text())["rebuild"]
            print(f"reusing {workdir}: rebuild figures of its build {rebuild}", flush=True)
        else:
            started = time.perf_counter()
            answers = create_threads(args.threads, rng)
            print(
                f"created {args.threads} threads and {answers} answers in "
                f"{time.perf_counter() - started:.0f} s",
                flush=True,
            )
            rebuild = measure_rebuild(args.vectors_sample)
            print(f"rebuild: {rebuild}", flush=True)
            if args.extra_vectors:
                add_extra_vectors(args.extra_vectors)
            if args.workdir:
                built.write_text(json.dumps({"threads": args.threads, "rebuild": rebuild}))
        docs = rebuild["docs"]
        # Queries from their own generator: the same on a reused workdir as on a fresh build.
        rng = random.Random(args.seed + 1)
        queries = {
            name: [make(rng) for _ in range(QUERIES)]
            for name, make in (
                ("titles", lambda rng: synthetic.title(rng, rng.random() < 0.6)),
                ("search", synthetic.search_query),
                ("warm_titles", lambda rng: synthetic.title(rng, rng.random() < 0.6)),
                ("warm_search", synthetic.search_query),
                ("profile_titles", lambda rng: synthetic.title(rng, rng.random() < 0.6)),
            )
        }
        queries["profile_titles"] = queries["profile_titles"][:50]
        # search.encoder caches a title's vector: a measured title seen before costs no encoding.
        seen = set(queries["warm_titles"])
        repeats = 0
        for title in queries["titles"]:
            repeats += title in seen
            seen.add(title)
        ours = {
            **{key: value for key, value in rebuild.items() if key != "docs"},
            "measured_titles_seen_before": repeats,
        }
        ours["post_visible_ms"] = measure_post_visible(rng)
        ours.update(measure_views(queries))
        # This process also built the data and the index: its memory is not a web process's.
        ours["resident_mb_after_queries"] = _resident_mb()
        print(f"wenda: {ours}", flush=True)
        # Fresh processes like gunicorn's workers, one with the model and one without: the
        # same queries, then their memory (the difference is what the model and vectors cost).
        ours["web_process"] = {}
        for embeddings in ("on", "off"):
            profile = args.profile if embeddings == "on" else None
            figures = run_web_process(workdir, queries, embeddings, profile)
            ours["web_process"][embeddings] = figures
            print(f"web process, embeddings {embeddings}: {figures}", flush=True)
        ours["load_average_start_end"] = [
            [round(value, 2) for value in load_at_start],
            [round(value, 2) for value in os.getloadavg()],
        ]
        if args.skip_baselines:
            result = {
                "threads": args.threads,
                "docs": docs,
                "extra_vectors": args.extra_vectors or 0,
                "corpus": args.corpus,
                **ours,
            }
            if args.json:
                args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
            return 0
        stock = build_stock(workdir, args.stock_rebuild_docs)
        stock["post_visible_ms"] = None
        stock.update(measure_stock(queries, rng))
        print(f"stock haystack: {stock}", flush=True)
        fts5 = measure_fts5(workdir, queries, rng)
        print(f"fts5: {fts5}", flush=True)
    result = {
        "threads": args.threads,
        "docs": docs,
        "corpus": args.corpus,
        **ours,
        "stock_haystack": stock,
        "fts5": fts5,
    }
    print(
        "\nstock haystack / wenda (p95 for latencies):",
        ", ".join(f"{key} {_ratio(stock, ours, key)}" for key in ("similar_ms", "search_ms")),
        f", rebuild {ours['rebuild_docs_per_s'] / stock['rebuild_docs_per_s']:.1f}x faster",
    )
    print(
        "wenda / fts5 (p95):",
        ", ".join(f"{key} {_ratio(ours, fts5, key)}" for key in ("similar_ms", "search_ms")),
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
