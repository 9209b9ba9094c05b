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
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "similar"
# Reference figures from the data README (plain Okapi BM25, k1=1.5, b=0.75).
BM25_REFERENCE = {
    "zh_atec": (0.080, 0.220, 0.141),
    "zh_bq": (0.149, 0.411, 0.255),
    "zh_lcqmc": (0.845, 0.984, 0.905),
    "en_banking77": (0.903, 0.977, 0.935),
    "en_semeval16_ql": (0.214, 0.460, 0.323),
}
MAX_RESULTS = 10


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


def evaluate(folder: Path, max_queries: int | None = None) -> dict:
    from search.similar import find_similar

    documents, relevant = load_set(folder)
    started = time.monotonic()
    titles = index_documents(documents)
    index_seconds = time.monotonic() - started
    number_of = {title: number for number, title in enumerate(titles)}
    queries = list(relevant)[:max_queries] if max_queries else list(relevant)
    hits_at_1 = hits_at_5 = reciprocal = 0.0
    started = time.monotonic()
    for query in queries:
        results = find_similar(query, documents.get(query, ""), limit=MAX_RESULTS + 1)
        own = f"/t/{number_of[query]}/"
        ranked = [titles[int(r.url.split("/")[2])] for r in results if r.url != own]
        rank = next(
            (i for i, t in enumerate(ranked[:MAX_RESULTS]) if t in relevant[query]),
            None,
        )
        if rank is not None:
            hits_at_1 += rank == 0
            hits_at_5 += rank < 5
            reciprocal += 1 / (rank + 1)
    query_seconds = time.monotonic() - started
    count = len(queries)
    return {
        "r1": round(hits_at_1 / count, 4),
        "r5": round(hits_at_5 / count, 4),
        "mrr10": round(reciprocal / count, 4),
        "queries": count,
        "corpus": len(titles),
        "index_s": round(index_seconds, 1),
        "query_ms": round(1000 * query_seconds / count, 2),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", action="append", type=Path, help="a set's folder (repeatable)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--queries", type=int, help="only the first N queries (quick look)")
    args = parser.parse_args(argv)
    folders = args.data or [DEFAULT_DATA / name for name in BM25_REFERENCE]
    with tempfile.TemporaryDirectory(prefix="wenda-similar-") as index_path:
        _setup_django(index_path)
        sets = {}
        print(f"{'set':<17} {'R@1':>6} {'R@5':>6} {'MRR@10':>7}   BM25 R@1/R@5/MRR  R@5 vs BM25")
        for folder in folders:
            figures = evaluate(folder, args.queries)
            sets[folder.name] = figures
            reference = BM25_REFERENCE.get(folder.name)
            versus = ""
            if reference:
                gain = (figures["r5"] - reference[1]) / reference[1]
                versus = f"{reference[0]:.3f}/{reference[1]:.3f}/{reference[2]:.3f}  {gain:+.1%}"
            print(
                f"{folder.name:<17} {figures['r1']:6.3f} {figures['r5']:6.3f} "
                f"{figures['mrr10']:7.3f}   {versus}   "
                f"({figures['queries']} queries, {figures['corpus']} docs, "
                f"{figures['query_ms']} ms/query)",
                flush=True,
            )
    if args.json:
        payload = {
            "sets": {
                name: {key: figures[key] for key in ("r1", "r5", "mrr10", "queries", "corpus")}
                for name, figures in sets.items()
            }
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
