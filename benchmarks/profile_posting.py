"""Where a post's CPU time goes, in-process: the ask form, the post and its index write, and the
first search after it (which reopens the searcher on the new commit).

    .venv/bin/python benchmarks/profile_posting.py --workdir /tmp/w10k [--posts 40] [--profile]

Reuses a database and index that `benchmarks/load.py --workdir DIR --build-only` built. A
logged-in member posts --posts questions through Django's test client (DEBUG off); the index
write runs in the posting request (WENDA_SEARCH_WRITES=request) so its cost is measured here,
and searchers look for a new commit at every search (WENDA_SEARCH_REFRESH_MS=0). Each phase's
mean CPU time per post is printed; with --profile, cProfile's top functions for each phase.
Posts stay in the workdir's database and index.
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

PHASES = ("ask form", "post + index write", "first search after", "a search, no change")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--threads", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=40)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    os.environ["WENDA_SEARCH_WRITES"] = "request"
    os.environ["WENDA_SEARCH_REFRESH_MS"] = "0"
    for name in ("NEW_QUESTIONS", "NEW_ANSWERS", "QUESTIONS", "ANSWERS"):
        os.environ[f"WENDA_RATE_{name}_PER_HOUR"] = str(10**9)
    import profile_pages
    import synthetic

    built = profile_pages._setup(args.workdir, args.threads)
    client = profile_pages._client(member=True)
    rng = random.Random(11)
    client.get("/ask/")
    client.get("/search/?q=warm")
    cpu = dict.fromkeys(PHASES, 0.0)
    profilers = {phase: cProfile.Profile() for phase in PHASES}

    def timed(phase, call, *call_args):
        profiler = profilers[phase] if args.profile else None
        started = time.process_time()
        if profiler:
            profiler.enable()
        response = call(*call_args)
        if profiler:
            profiler.disable()
        cpu[phase] += time.process_time() - started
        return response

    for number in range(args.posts):
        marker = f"profilemark{number}x{secrets.token_hex(3)}"
        timed("ask form", client.get, "/ask/")
        form = {
            "title": f"{synthetic.title(rng, rng.random() < 0.6)} {marker}",
            "body": synthetic.body(rng, rng.random() < 0.6, chars=300),
            "category": built["category_id"],
            "tags": "",
            "confirm_new": "1",
        }
        response = timed("post + index write", client.post, "/ask/", form)
        if response.status_code != 302:
            raise SystemExit(f"post {number} answered {response.status_code}")
        page = timed("first search after", client.get, f"/search/?q={marker}")
        if marker not in page.content.decode():
            raise SystemExit(f"post {number} is not searchable after its request")
        timed("a search, no change", client.get, f"/search/?q={marker}")
    for phase in PHASES:
        print(f"{phase:22} CPU {1000 * cpu[phase] / args.posts:7.1f} ms per post")
    if args.profile:
        for phase in PHASES:
            out = io.StringIO()
            stats = pstats.Stats(profilers[phase], stream=out)
            stats.sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(args.top)
            print(f"== {phase}\n{out.getvalue()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
