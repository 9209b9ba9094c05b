"""Several OS processes submit the same promote form at once into one database (SQLite, or
PostgreSQL when the suite runs on it: tests/scratch_database.py)."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tests.faq import concurrency_worker as worker
from tests.scratch_database import scratch_database

PROCESSES = 4
ROOT = Path(__file__).resolve().parents[2]


def test_simultaneous_promotions_of_one_answer_from_several_processes_make_one_entry(tmp_path):
    with scratch_database(tmp_path) as database_url:
        env = {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "SEARCH_INDEX_PATH": str(tmp_path / "whoosh_index"),
            "PYTHONPATH": str(ROOT),
        }
        context = multiprocessing.get_context("spawn")  # a fresh interpreter, like a new server
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            setup = pool.submit(worker.prepare, env).result(timeout=180)
        with (
            context.Manager() as manager,
            ProcessPoolExecutor(PROCESSES, mp_context=context) as pool,
        ):
            start = manager.Event()
            futures = [pool.submit(worker.promote, env, setup, start) for _ in range(PROCESSES)]
            start.set()
            outcomes = sorted(future.result(timeout=120) for future in futures)
        created = [outcome for outcome in outcomes if outcome.startswith("created:")]
        assert len(created) == 1
        entry_pk = created[0].split(":")[1]
        assert outcomes.count(f"already:{entry_pk}") == PROCESSES - 1
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            count = pool.submit(worker.entries_from, env, setup["answer"]).result(timeout=180)
        assert count == 1
