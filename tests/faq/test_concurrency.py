"""Several OS processes submit the same promote form at once into one SQLite database."""

import multiprocessing
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tests.faq import concurrency_worker as worker

PROCESSES = 4
ROOT = Path(__file__).resolve().parents[2]


def test_simultaneous_promotions_of_one_answer_from_several_processes_make_one_entry(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SEARCH_INDEX_PATH": str(tmp_path / "whoosh_index"),
        "PYTHONPATH": str(ROOT),
    }
    context = multiprocessing.get_context("spawn")  # a fresh interpreter, like a new server
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        setup = pool.submit(worker.prepare, env).result(timeout=180)
    with context.Manager() as manager, ProcessPoolExecutor(PROCESSES, mp_context=context) as pool:
        start = manager.Event()
        futures = [pool.submit(worker.promote, env, setup, start) for _ in range(PROCESSES)]
        start.set()
        outcomes = sorted(future.result(timeout=120) for future in futures)
    created = [outcome for outcome in outcomes if outcome.startswith("created:")]
    assert len(created) == 1
    entry_pk = created[0].split(":")[1]
    assert outcomes.count(f"already:{entry_pk}") == PROCESSES - 1
    with sqlite3.connect(tmp_path / "db.sqlite3") as database:
        (count,) = database.execute(
            "SELECT COUNT(*) FROM faq_faqentry WHERE source_answer_id = ?", [setup["answer"]]
        ).fetchone()
    assert count == 1
