"""Several OS processes post at once into one database and one on-disk Whoosh index (SQLite, or
PostgreSQL when the suite runs on it: tests/scratch_database.py).

Each process sets Django up on its own, as web server processes do. Whoosh allows one writer at
a time; every committed post must still end up searchable.
"""

import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from whoosh.index import open_dir

from tests.scratch_database import scratch_database
from tests.search import concurrency_worker as worker

PROCESSES = 4
POSTS_EACH = 6
ROOT = Path(__file__).resolve().parents[2]


def _site_env(folder: Path, database_url: str) -> dict:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "SEARCH_INDEX_PATH": str(folder / "whoosh_index"),
        "PYTHONPATH": str(ROOT),
        # Each worker posts many questions within seconds.
        "WENDA_RATE_NEW_QUESTIONS_PER_HOUR": "10000",
        "WENDA_RATE_NEW_ANSWERS_PER_HOUR": "10000",
        "WENDA_RATE_QUESTIONS_PER_HOUR": "10000",
        "WENDA_RATE_ANSWERS_PER_HOUR": "10000",
        "WENDA_SEARCH_LOCK_TIMEOUT": "10",
    }


@pytest.fixture(scope="module")
def prepared_site(tmp_path_factory):
    """A migrated database with authors and an index, built once and copied for each test."""
    folder = tmp_path_factory.mktemp("prepared_site")
    context = multiprocessing.get_context("spawn")  # a fresh interpreter, like a new server
    with scratch_database(folder) as database_url:
        env = _site_env(folder, database_url)
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            setup = pool.submit(worker.prepare, env, PROCESSES).result(timeout=180)
        yield folder, database_url, setup, context


@pytest.fixture
def shared_site(prepared_site, tmp_path):
    folder, prepared_url, setup, context = prepared_site
    shutil.copytree(folder, tmp_path, dirs_exist_ok=True)
    with scratch_database(tmp_path, copy_of=prepared_url) as database_url:
        yield _site_env(tmp_path, database_url), setup, context


def _post_from_all_processes(env, setup, context):
    with context.Manager() as manager, ProcessPoolExecutor(PROCESSES, mp_context=context) as pool:
        start = manager.Event()
        futures = [
            pool.submit(worker.post, env, number, author, setup, POSTS_EACH, start)
            for number, author in enumerate(setup["authors"])
        ]
        start.set()
        for future in futures:
            future.result(timeout=300)


def _find_everything(env, context, *, repair=False):
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(worker.find_everything, env, repair).result(timeout=180)


def _expected_everything_found(found):
    assert found["threads"] == PROCESSES * POSTS_EACH
    assert found["answers"] == PROCESSES * POSTS_EACH
    assert found["lost"] == []
    # The shared thread was re-indexed by every answer; the last write must hold the final count.
    assert found["shared_answer_count"] == (PROCESSES * POSTS_EACH, PROCESSES * POSTS_EACH)
    assert found["pending"] == 0


def test_posts_from_several_processes_at_once_are_all_searchable(shared_site):
    env, setup, context = shared_site
    _post_from_all_processes(env, setup, context)
    _expected_everything_found(_find_everything(env, context))


def test_posts_made_while_the_index_is_locked_stay_queued_and_are_all_found_after_repair(
    shared_site,
):
    env, setup, context = shared_site
    env = {**env, "WENDA_SEARCH_LOCK_TIMEOUT": "0.2"}
    # Hold Whoosh's single writer lock, as a long `update_index` would.
    blocker = open_dir(env["SEARCH_INDEX_PATH"]).writer()
    try:
        _post_from_all_processes(env, setup, context)
        blocked = _find_everything(env, context)
        assert blocked["pending"] > 0
        assert len(blocked["lost"]) == 2 * PROCESSES * POSTS_EACH
    finally:
        blocker.cancel()
    _expected_everything_found(_find_everything(env, context, repair=True))
