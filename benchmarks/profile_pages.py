"""Where a page's time goes: SQL queries, latency and a cProfile of the busiest pages, in-process.

    .venv/bin/python benchmarks/profile_pages.py --workdir /tmp/w10k [--requests 200] [--top 25]

Reuses a database and index that `benchmarks/load.py --workdir DIR --build-only` built (or builds
--threads synthetic threads there first). Through Django's test client, with DEBUG off, for an
anonymous reader and a logged-in member: the thread page, the home page, /search/ and
/api/similar. For each it prints the SQL queries one request makes (the statements, with
--sql), p50/p95 over --requests requests, and with --profile the functions that took the most
cumulative time. No server and no other process: what is measured is the Python a request
costs.
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

PAGES = ("thread", "home", "search", "similar")


def _setup(workdir: Path, threads: int) -> dict:
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ["DJANGO_SESSION_COOKIE_SECURE"] = "0"
    os.environ["DJANGO_CSRF_COOKIE_SECURE"] = "0"
    os.environ.setdefault("WENDA_EMBEDDINGS", "off")
    os.environ.setdefault("WENDA_LOG_LEVEL", "WARNING")
    os.environ["WENDA_RATE_LIMIT_CACHE_DIR"] = str(workdir / "rate_limits")
    for name in ("SEARCH_PER_MINUTE", "SEARCH_PER_HOUR", "SIMILAR_PER_MINUTE", "SIMILAR_PER_HOUR"):
        os.environ[f"WENDA_RATE_{name}"] = "0"
    import load

    return load.build(threads, workdir, random.Random(20261202))


def _paths(built: dict, rng: random.Random, count: int) -> dict[str, list[str]]:
    import synthetic

    words = ["提现", "到账", "手续费", "充值", "密码", "withdrawal", "pending", "fee"]
    ids = built["thread_ids"]
    return {
        "thread": [f"/t/{rng.choice(ids)}/" for _ in range(count)],
        "home": [f"/?page={rng.randint(1, 50)}" for _ in range(count)],
        "search": [f"/search/?q={'+'.join(rng.sample(words, 2))}" for _ in range(count)],
        "similar": [
            f"/api/similar?title={synthetic.title(rng, rng.random() < 0.6)}" for _ in range(count)
        ],
    }


def _client(member: bool):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="zh-hans,en")
    if member:
        client.force_login(get_user_model().objects.get(username="poster0"))
    return client


def _queries(client, path: str) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm: first-request work (templates, caches) is not counted
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return [query["sql"] for query in captured.captured_queries]


def _timed(client, paths: list[str]) -> dict:
    """Wall-clock p50/p95 and the mean CPU time of this process per request (the CPU figure
    holds on a machine shared with other work, where wall-clock times stretch)."""
    samples = []
    cpu_started = time.process_time()
    for path in paths:
        started = time.perf_counter()
        client.get(path)
        samples.append(1000 * (time.perf_counter() - started))
    cpu_ms = 1000 * (time.process_time() - cpu_started) / len(paths)
    samples.sort()
    return {
        "p50": round(statistics.median(samples), 1),
        "p95": round(samples[min(len(samples) - 1, int(0.95 * len(samples)))], 1),
        "cpu": round(cpu_ms, 1),
    }


def _profile(client, paths: list[str], top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(
        os.environ.get("PROFILE_SORT", "cumulative")
    ).print_stats(top)
    return out.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--threads", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    built = _setup(args.workdir, args.threads)
    rng = random.Random(7)
    paths = _paths(built, rng, args.requests)
    for member in (False, True):
        client = _client(member)
        who = "member" if member else "anonymous"
        for page in args.pages.split(","):
            queries = _queries(client, paths[page][0])
            timing = _timed(client, paths[page])
            print(
                f"{who:9} {page:8} {len(queries):3} queries  CPU {timing['cpu']:6} ms/request  "
                f"wall p50 {timing['p50']:7} ms  p95 {timing['p95']:7} ms"
            )
            if args.sql:
                for sql in queries:
                    print("    ", sql[:300])
            if args.profile:
                print(_profile(client, paths[page], args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
