"""Load on the production server: gunicorn (config/gunicorn.py) over N synthetic threads, loopback
only, bounded in time and count.

    .venv/bin/python benchmarks/load.py --threads 100000 [--seconds 60] [--json FILE]

1. Builds N synthetic bilingual threads (~3 answers each, benchmarks/synthetic.py) in a temporary
   SQLite database (or DATABASE_URL if given with --database-url) and its index with the real
   `rebuild_index`.
2. Starts gunicorn as scripts/serve.sh does (workers from the cores, --preload), production
   settings (DEBUG off) except plain http, no rate limits and no posting limits.
3. After --warmup seconds of uncounted reads, mixed traffic for --seconds: thread pages, the
   home page, /search/, /api/similar (weights in MIX), from --clients closed-loop readers (each
   sends its next request when the last is answered: the saturation throughput), or with
   --rate R arriving at R requests a second over --clients connections (an open loop: each
   request timed from when it was due, so latency at that rate, queueing included). With a
   closed loop of N clients the mean latency is N / throughput by construction, so latency
   targets are read at a rate. Meanwhile 8 posters each post --posts questions
   through the real ask form (logged in, CSRF), and a watcher measures, for every 10th post, the
   time from the post's response until /search/ finds its marker word.
4. Prints p50/p95 per endpoint, requests/s, errors, and checks every post is in the database and
   the index. Targets (issue 13): thread page p50 <= 20 ms, >= 200 mixed requests/s on 2 cores,
   0 posting errors with every post stored and indexed, p95 time to searchable <= 2 s.

The load generator is Python threads in this process, on the same cores as the server: the
figures are what one box does with its own client, a conservative reading. Sentence vectors
are off by default (--embeddings on to include them): computing them for 100k synthetic threads
takes about half an hour (benchmarks/README.md, issue 11), and their own speed figures come from
search_speed.py.
"""

import argparse
import gc
import http.client
import itertools
import json
import os
import queue
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_speed  # noqa: E402  (sets up sys.path for the project too)
import synthetic  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-pass-2026"
POSTERS = 8
MIX = [("thread", 50), ("home", 15), ("search", 20), ("similar", 15)]
SEARCH_WORDS = ["提现", "到账", "手续费", "充值", "密码", "withdrawal", "pending", "fee"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _percentiles(samples: list[float]) -> dict:
    if not samples:
        return {"count": 0}
    ordered = sorted(samples)
    return {
        "count": len(ordered),
        "p50": round(statistics.median(ordered), 1),
        "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
    }


class Session:
    """One keep-alive connection with cookies, as a browser tab."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {"Host": "127.0.0.1", "Accept-Language": "zh-hans,en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        payload = None
        if body is not None:
            payload = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        self.last_cache = ""
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=payload, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        self.last_cache = response.getheader("X-Page-Cache", "")
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content.decode("utf-8", "replace")

    def csrf(self, path: str) -> str:
        status, page = self.request("GET", path)
        match = CSRF.search(page)
        if status != 200 or not match:
            raise RuntimeError(f"no form at {path}: {status}")
        return match.group(1)

    def log_in(self, username: str) -> None:
        token = self.csrf("/accounts/login/")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        )
        if status != 302:
            raise RuntimeError(f"log-in of {username} failed: {status}")


def build(threads: int, workdir: Path, rng: random.Random) -> dict:
    """The synthetic forum in `workdir`; one built before there (--workdir) is reused as is."""
    saved = workdir / "built.json"
    search_speed._setup_django(workdir)
    if saved.exists():
        built = json.loads(saved.read_text())
        if built["threads"] != threads:
            raise SystemExit(f"{workdir} holds {built['threads']} threads, not {threads}")
        return built
    from django.contrib.auth import get_user_model

    answers = search_speed.create_threads(threads, rng)
    for index in range(POSTERS):
        get_user_model().objects.create_user(username=f"poster{index}", password=PASSWORD)
    rebuild = search_speed.measure_rebuild()
    rate, docs = rebuild["rebuild_docs_per_s"], rebuild["docs"]
    from forum.models import Category, Thread

    built = {
        "threads": threads,
        "answers": answers,
        "documents": docs,
        "rebuild_docs_per_s": round(rate),
        "thread_ids": list(Thread.objects.values_list("pk", flat=True)),
        "category_id": Category.objects.values_list("pk", flat=True).first(),
    }
    saved.write_text(json.dumps(built))
    return built


def start_server(
    workdir: Path,
    port: int,
    embeddings: str,
    page_cache_seconds: int | None = None,
    threads: int = 1,
    search_writes: str = "background",
) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WENDA_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SESSION_COOKIE_SECURE="0",
        DJANGO_CSRF_COOKIE_SECURE="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DATABASE_URL=os.environ["DATABASE_URL"],
        SEARCH_INDEX_PATH=os.environ["SEARCH_INDEX_PATH"],
        WENDA_ADDRESS=f"127.0.0.1:{port}",
        WENDA_TASKS_IMMEDIATE="1",
        WENDA_RATE_LIMIT_CACHE_DIR=str(workdir / "rate_limits"),
        WENDA_PAGE_VERSIONS_DIR=str(workdir / "page_versions"),
        WENDA_GUNICORN_THREADS=str(threads),
        WENDA_SEARCH_WRITES=search_writes,
        WENDA_LOG_LEVEL="WARNING",
        WENDA_EMBEDDINGS=embeddings,
        **{
            f"WENDA_RATE_{name}": "0"
            for name in (
                "SEARCH_PER_MINUTE",
                "SEARCH_PER_HOUR",
                "SIMILAR_PER_MINUTE",
                "SIMILAR_PER_HOUR",
            )
        },
        **{
            f"WENDA_RATE_{name}_PER_HOUR": str(10**9)
            for name in ("NEW_QUESTIONS", "NEW_ANSWERS", "QUESTIONS", "ANSWERS")
        },
    )
    if page_cache_seconds is not None:
        env["WENDA_PAGE_CACHE_SECONDS"] = str(page_cache_seconds)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        start_new_session=True,  # its workers are stopped with it
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            status, _ = Session(port).request("GET", "/healthz")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise RuntimeError("gunicorn did not answer /healthz within 120 s")


def machine_reference_ms() -> float:
    """CPU time of a fixed pure-Python workload (median of 5), taken before a run.

    On this kind of shared virtual machine the same code's CPU time per request moved by a third
    from one run to the next (benchmarks/README.md, 2026-12-03): runs compare only when this
    figure is close too."""
    samples = []
    gc.disable()  # the collector's work grows with what this process holds: not the machine
    for _ in range(5):
        began = time.process_time()
        rows = [
            {"id": i, "title": f"thread {i}", "tags": [str(i % 7), str(i % 11)]}
            for i in range(20_000)
        ]
        json.loads(json.dumps(rows))
        sum(i * i for i in range(200_000))
        samples.append(1000 * (time.process_time() - began))
    gc.enable()
    return round(statistics.median(samples), 1)


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time (user + system) the gunicorn master and its workers, live or exited, have used.

    On a machine shared with other work, latency and requests/s stretch with everyone's load;
    the server's CPU time per request does not (much), so it is reported too."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if server.pid in (pid, ppid):
            total += (int(fields[11]) + int(fields[12])) / ticks
        if pid == server.pid:
            # Workers that exited (max_requests) and were reaped: their time is the master's
            # cutime and cstime. Without it a run that recycles workers reads far too low.
            total += (int(fields[13]) + int(fields[14])) / ticks
    return total


def stop_server(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)


def thread_picker(thread_ids: list[int], popularity: str, rng: random.Random):
    """Which thread a reader opens: every thread alike ("uniform", as the first runs), or a
    few threads read far more than the rest ("zipf": the k-th most read thread 1/k as often,
    as forum traffic goes), the popular ones spread over old and new."""
    if popularity == "uniform":
        return lambda: rng.choice(thread_ids)
    ranked = list(thread_ids)
    random.Random(13).shuffle(ranked)
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(ranked) + 1)))
    return lambda: rng.choices(ranked, cum_weights=weights)[0]


def request_picker(built: dict, rng: random.Random, popularity: str):
    """The next reader request, as (kind, path), drawn from MIX."""
    kinds = [kind for kind, weight in MIX for _ in range(weight)]
    pick_thread = thread_picker(built["thread_ids"], popularity, rng)

    def pick() -> tuple[str, str]:
        kind = rng.choice(kinds)
        if kind == "thread":
            return kind, f"/t/{pick_thread()}/"
        if kind == "home":
            return kind, f"/?page={rng.randint(1, 50)}"
        if kind == "search":
            return kind, "/search/?" + urlencode({"q": " ".join(rng.sample(SEARCH_WORDS, 2))})
        title = synthetic.title(rng, rng.random() < 0.6)
        return kind, "/api/similar?" + urlencode({"title": title})

    return pick


def _read(session: Session, kind: str, path: str, since: float, out: dict) -> None:
    try:
        status, _ = session.request("GET", path)
    except OSError:
        status = 0
    out["latency"][kind].append(1000 * (time.perf_counter() - since))
    if status != 200:
        out["errors"][kind] += 1
    elif session.last_cache == "hit":
        out["cache_hits"][kind] += 1


def traffic(
    port: int, built: dict, stop: threading.Event, rng: random.Random, out: dict, popularity: str
) -> None:
    """One closed-loop reader: the next request as soon as the last one is answered."""
    session = Session(port)
    pick = request_picker(built, rng, popularity)
    while not stop.is_set():
        kind, path = pick()
        _read(session, kind, path, time.perf_counter(), out)


def warm_up(port: int, built: dict, seconds: float, rng, popularity: str) -> None:
    """Closed-loop reads for `seconds`, not counted: each worker's first requests load
    templates, the searcher and its caches (a fresh server answers them several times slower),
    and an open loop started cold stays behind for the whole run."""
    stop = threading.Event()
    scratch = {
        "latency": defaultdict(list),
        "errors": defaultdict(int),
        "cache_hits": defaultdict(int),
    }
    readers = [
        threading.Thread(
            target=traffic,
            args=(port, built, stop, random.Random(rng.random()), scratch, popularity),
        )
        for _ in range(4)
    ]
    for reader in readers:
        reader.start()
    time.sleep(seconds)
    stop.set()
    for reader in readers:
        reader.join()


def open_loop(
    port: int,
    built: dict,
    stop: threading.Event,
    rng: random.Random,
    out: dict,
    popularity: str,
    rate: float,
    connections: int,
) -> None:
    """Readers arriving at `rate` a second (Poisson), however fast the server answers, over
    `connections` connections. A request's time counts from when it was due, so time spent
    waiting for a free connection is in it: a server that cannot keep up shows as growing
    latency, not as a slower stream of requests (a closed loop of N clients always measures
    N / throughput). Requests still waiting 30 s after the end are counted, not sent."""
    jobs: queue.Queue = queue.Queue()
    give_up = threading.Event()

    def connection() -> None:
        session = Session(port)
        while (job := jobs.get()) is not None:
            if give_up.is_set():
                out["unsent"] += 1
                continue
            _read(session, *job, out)

    workers = [threading.Thread(target=connection) for _ in range(connections)]
    for worker in workers:
        worker.start()
    pick = request_picker(built, rng, popularity)
    due = time.perf_counter()
    while not stop.is_set():
        due += rng.expovariate(rate)
        time.sleep(max(0.0, due - time.perf_counter()))
        jobs.put((*pick(), due))
    for _ in workers:
        jobs.put(None)
    deadline = time.perf_counter() + 30
    for worker in workers:
        worker.join(timeout=max(0.0, deadline - time.perf_counter()))
    give_up.set()
    for worker in workers:
        worker.join()


def poster(port: int, index: int, posts: int, built: dict, rng, out: dict, marks: list) -> None:
    session = Session(port)
    session.log_in(f"poster{index}")
    for number in range(posts):
        marker = f"loadmark{index}x{number}x{secrets.token_hex(3)}"
        token = session.csrf("/ask/")
        form = {
            "csrfmiddlewaretoken": token,
            "title": f"{synthetic.title(rng, rng.random() < 0.6)} {marker}",
            "body": synthetic.body(rng, rng.random() < 0.6, chars=300),
            "category": built["category_id"],
            "tags": "",
            "confirm_new": "1",
        }
        started = time.perf_counter()
        try:
            status, _ = session.request("POST", "/ask/", form)
        except OSError:
            status = 0
        out["latency"]["post"].append(1000 * (time.perf_counter() - started))
        if status != 302:
            out["errors"]["post"] += 1
            continue
        out["markers"].append(marker)
        if number % 10 == 0:
            marks.append((marker, time.perf_counter()))


def watch_one(port: int, marker: str, posted_at: float, out: dict) -> None:
    """Time from a post's response until /search/ finds its marker word, polled every 50 ms
    on a connection of its own (a watcher checking all markers in turn measured its own
    round trips: under load a marker waited for the searches of the others)."""
    session = Session(port)
    while time.perf_counter() - posted_at <= 60:
        status, page = session.request("GET", "/search/?" + urlencode({"q": marker}))
        if status == 200 and marker in page:
            out["searchable_ms"].append(1000 * (time.perf_counter() - posted_at))
            return
        time.sleep(0.05)
    out["never_searchable"] += 1


def watcher(port: int, marks: list, stop: threading.Event, out: dict) -> None:
    """Starts a watch_one thread for every marked post, and waits for them all."""
    watching: list[threading.Thread] = []
    while not stop.is_set() or marks:
        while marks:
            marker, posted_at = marks.pop()
            watch = threading.Thread(target=watch_one, args=(port, marker, posted_at, out))
            watch.start()
            watching.append(watch)
        time.sleep(0.01)
    for watch in watching:
        watch.join()


def verify(markers: list[str]) -> dict:
    from haystack.query import SearchQuerySet

    from forum.models import Thread

    stored = sum(Thread.objects.filter(title__endswith=marker).exists() for marker in markers)
    indexed = sum(bool(SearchQuerySet().auto_query(marker).count()) for marker in markers)
    return {"posts_in_database": stored, "posts_in_index": indexed}


def run(args) -> dict:
    rng = random.Random(args.seed)
    os.environ["WENDA_EMBEDDINGS"] = args.embeddings  # read when Django sets up (build)
    with tempfile.TemporaryDirectory(prefix="wenda-load-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        built = build(args.threads, workdir, rng)
        print(
            f"built {built['threads']} threads, {built['documents']} documents in "
            f"{time.perf_counter() - started:.0f} s ({built['rebuild_docs_per_s']} docs/s)",
            flush=True,
        )
        if args.build_only:
            return {"threads": built["threads"], "documents": built["documents"]}
        reference_ms = machine_reference_ms()  # before the server starts: nothing else running
        port = _free_port()
        server = start_server(
            workdir,
            port,
            args.embeddings,
            args.page_cache_seconds,
            args.gunicorn_threads,
            args.search_writes,
        )
        out = {
            "latency": defaultdict(list),
            "errors": defaultdict(int),
            "markers": [],
            "searchable_ms": [],
            "never_searchable": 0,
            "unsent": 0,
            "cache_hits": defaultdict(int),
        }
        marks: list = []
        stop = threading.Event()
        try:
            if args.rate:
                readers = [
                    threading.Thread(
                        target=open_loop,
                        args=(port, built, stop, random.Random(rng.random()), out),
                        kwargs={
                            "popularity": args.popularity,
                            "rate": args.rate,
                            "connections": args.clients,
                        },
                    )
                ]
            else:
                readers = [
                    threading.Thread(
                        target=traffic,
                        args=(port, built, stop, random.Random(rng.random()), out, args.popularity),
                    )
                    for _ in range(args.clients)
                ]
            posters = [
                threading.Thread(
                    target=poster,
                    args=(port, i, args.posts, built, random.Random(rng.random()), out, marks),
                )
                for i in range(POSTERS)
            ]
            watching = threading.Thread(target=watcher, args=(port, marks, stop, out))
            warm_up(port, built, args.warmup, rng, args.popularity)
            began = time.perf_counter()
            cpu_began, client_cpu_began = server_cpu_seconds(server), time.process_time()
            for worker in readers + posters + [watching]:
                worker.start()
            for worker in posters:
                worker.join(timeout=max(1.0, args.seconds * 10 - (time.perf_counter() - began)))
            # Mixed traffic runs at least --seconds, and until the posters are done.
            time.sleep(max(0.0, args.seconds - (time.perf_counter() - began)))
            stop.set()
            elapsed = time.perf_counter() - began
            for worker in readers + [watching]:
                worker.join(timeout=90)
            server_cpu = server_cpu_seconds(server) - cpu_began
            client_cpu = time.process_time() - client_cpu_began
        finally:
            stop.set()
            stop_server(server)
        mixed = sum(len(out["latency"][kind]) for kind, _ in MIX)
        served = mixed + len(out["latency"]["post"])
        figures = {
            "embeddings": args.embeddings,
            "page_cache_seconds": args.page_cache_seconds,
            "popularity": args.popularity,
            "gunicorn_threads": args.gunicorn_threads,
            "search_writes": args.search_writes,
            "threads": built["threads"],
            "documents": built["documents"],
            "rebuild_docs_per_s": built["rebuild_docs_per_s"],
            "seconds": round(elapsed, 1),
            "machine_reference_ms": reference_ms,
            "clients": args.clients,
            "offered_requests_per_s": args.rate,
            "mixed_requests_per_s": round(mixed / elapsed, 1),
            # Server CPU per request served (mixed and posts; the watcher's searches and the
            # ask-form pages are not counted, so this errs high) and the client's own.
            "server_cpu_ms_per_request": round(1000 * server_cpu / max(1, served), 1),
            "client_cpu_ms_per_request": round(1000 * client_cpu / max(1, served), 1),
            "endpoints_ms": {kind: _percentiles(v) for kind, v in out["latency"].items()},
            # Share of each kind's requests served from the anonymous page cache.
            "page_cache_hit_rate": {
                kind: round(out["cache_hits"][kind] / len(out["latency"][kind]), 3)
                for kind, _ in MIX
                if out["latency"][kind]
            },
            "errors": dict(out["errors"]),
            "unsent": out["unsent"],
            "posts_attempted": POSTERS * args.posts,
            "posts_ok": len(out["markers"]),
            "time_to_searchable_ms": _percentiles(out["searchable_ms"]),
            "never_searchable": out["never_searchable"],
            **verify(out["markers"]),
        }
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument(
        "--clients", type=int, default=8, help="closed-loop readers, or connections with --rate"
    )
    parser.add_argument(
        "--warmup", type=float, default=10.0, help="seconds of reads before measuring, uncounted"
    )
    parser.add_argument(
        "--rate",
        type=float,
        help="open loop: readers arrive at this many requests a second (Poisson) over --clients "
        "connections, each timed from when it was due (default: --clients closed-loop readers)",
    )
    parser.add_argument("--posts", type=int, default=200, help="per poster (8 posters)")
    parser.add_argument("--embeddings", choices=["on", "off"], default="off")
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the database and index here and reuse them on the next run (the build of "
        "100k threads takes ~35 min); posts of earlier runs stay in them",
    )
    parser.add_argument("--build-only", action="store_true", help="build --workdir, then stop")
    parser.add_argument("--gunicorn-threads", type=int, default=1, help="per worker")
    parser.add_argument(
        "--search-writes",
        choices=["background", "request"],
        default="background",
        help="WENDA_SEARCH_WRITES for the server: a post's index update in a thread of the "
        "worker (the default) or in the posting request",
    )
    parser.add_argument(
        "--popularity",
        choices=["uniform", "zipf"],
        default="uniform",
        help="which threads readers open: all alike, or Zipf-distributed as real traffic",
    )
    parser.add_argument(
        "--page-cache-seconds",
        type=int,
        help="WENDA_PAGE_CACHE_SECONDS for the server (default: the settings' 30; 0 turns the "
        "anonymous page cache off)",
    )
    args = parser.parse_args(argv)
    if args.build_only and not args.workdir:
        parser.error("--build-only needs --workdir")
    figures = run(args)
    if args.build_only:
        print(json.dumps(figures))
        return 0
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    ok = figures["posts_in_database"] == figures["posts_in_index"] == figures["posts_attempted"]
    return 0 if ok and not figures["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
