"""What one expensive query costs: 50 made-up words on /search/ and /api/similar, alone and while
eight of them run at once beside a normal search (issue 13's 1.45 s and 6.9 s).

    .venv/bin/python benchmarks/query_cost.py --threads 40000 [--json FILE]

Builds N synthetic bilingual threads in a temporary SQLite database and index (as
benchmarks/search_speed.py does), then times through Django's test client, rate limits off:
- a normal search ("提现 到账" and similar two-word queries), p50/p95;
- the 50-word query of made-up Latin words on /search/ (results and "did you mean") and as a
  title on /api/similar, p50/p95 and max;
- the normal search while 8 threads send the 50-word query in a loop.
Target: the 50-word query under 200 ms.
"""

import argparse
import contextlib
import json
import random
import string
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_speed  # noqa: E402  (sets sys.path for the project too)

NORMAL_QUERIES = ["提现 到账", "withdrawal pending", "手续费 正常", "reset password", "充值 没到"]
REPEATS = 20


def made_up_query(rng: random.Random, words: int = 50) -> str:
    return " ".join(
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 4)))
        for _ in range(words)
    )


def _time(function, values) -> dict:
    samples = []
    for value in values:
        started = time.perf_counter()
        function(value)
        samples.append(1000 * (time.perf_counter() - started))
    figures = search_speed._percentiles(samples)
    figures["max"] = round(max(samples), 2)
    return figures


def measure(rng: random.Random) -> dict:
    from django.conf import settings
    from django.test import Client

    settings.WENDA_RATE_LIMITS = {scope: (0, 0) for scope in settings.WENDA_RATE_LIMITS}
    client = Client()

    def search(query):
        assert client.get("/search/", {"q": query}).status_code == 200

    def similar(title):
        assert client.get("/api/similar", {"title": title}).status_code == 200

    for query in NORMAL_QUERIES:  # warm the posting-list cache as a running process has it
        search(query)
    long_queries = [made_up_query(rng) for _ in range(REPEATS)]
    figures = {
        "normal_search_ms": _time(search, NORMAL_QUERIES * 4),
        "long_search_ms": _time(search, long_queries),
        "long_similar_ms": _time(similar, long_queries),
        "long_query_characters": len(long_queries[0]),
    }
    stop = threading.Event()

    def hammer():
        own = Client()
        own_rng = random.Random(rng.random())
        while not stop.is_set():
            own.get("/search/", {"q": made_up_query(own_rng)})

    hammers = [threading.Thread(target=hammer, daemon=True) for _ in range(8)]
    for worker in hammers:
        worker.start()
    try:
        time.sleep(0.5)
        figures["normal_search_beside_8_long_ms"] = _time(search, NORMAL_QUERIES * 2)
    finally:
        stop.set()
        for worker in hammers:
            worker.join()
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--workdir",
        type=Path,
        help="measure on a corpus search_speed.py or load.py --workdir built (same --threads) "
        "instead of building one in a temporary directory",
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with contextlib.ExitStack() as stack:
        if args.workdir:
            workdir = args.workdir
            built = json.loads((workdir / "built.json").read_text())
            if built["threads"] != args.threads:
                parser.error(f"{workdir} holds {built['threads']} threads, not {args.threads}")
            search_speed._setup_django(workdir)
            # search_speed.py keeps measure_rebuild()'s figures; load.py --workdir two of them.
            rebuild = built.get("rebuild") or {
                "docs": built["documents"],
                "rebuild_docs_per_s": built["rebuild_docs_per_s"],
            }
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="wenda-qc-")))
            search_speed._setup_django(workdir)
            answers = search_speed.create_threads(args.threads, rng)
            print(f"{args.threads} threads, {answers} answers")
            rebuild = search_speed.measure_rebuild()
        docs = rebuild["docs"]
        print(f"{docs} documents ({rebuild['rebuild_docs_per_s']:.0f} docs/s at the build)")
        figures = {"threads": args.threads, "documents": docs, **measure(rng)}
    for name, value in figures.items():
        print(f"{name}: {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
