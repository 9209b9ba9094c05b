import logging
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from tests.conftest import _use_search_index


def test_healthz_answers_200_when_the_database_and_the_index_can_be_read(client, search_index):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["index"]["status"] == "ok"
    assert body["checks"]["index"]["documents"] == 0


def test_healthz_is_never_cached_and_sets_no_cookie(client, search_index):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_healthz_answers_503_naming_the_index_when_there_is_no_index(client, db, tmp_path, caplog):
    previous = connections_info_path()
    _use_search_index(PATH=str(tmp_path / "nowhere"))
    try:
        with caplog.at_level(logging.ERROR, logger="wenda.health"):
            response = client.get("/healthz")
    finally:
        _use_search_index(PATH=previous)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["index"]["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"
    assert "Health check index failed" in caplog.text
    assert not (tmp_path / "nowhere").exists()  # the probe does not create an empty index


def test_healthz_answers_503_naming_the_index_when_the_index_is_corrupt(
    client, disk_search_index, tmp_path
):
    disk_search_index.setup()
    index_dir = tmp_path / "whoosh_index"
    for toc in index_dir.glob("*.toc"):
        toc.write_bytes(b"not a whoosh table of contents")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["index"]["status"] == "error"


def test_healthz_answers_503_naming_the_database_when_it_cannot_be_queried(
    client, search_index, monkeypatch
):
    def broken_cursor(*args, **kwargs):
        raise ConnectionError("database is down")

    with monkeypatch.context() as patch:
        patch.setattr(connections["default"], "cursor", broken_cursor)
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == {
        "status": "error",
        "error": "ConnectionError",
        "ms": body["checks"]["database"]["ms"],
    }
    assert body["checks"]["index"]["status"] == "ok"


def test_healthz_is_exempt_from_the_https_redirect(client, search_index, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_healthz_refuses_a_post_with_405(client, search_index):
    assert client.post("/healthz").status_code == 405


def connections_info_path():
    from haystack import connections as search_connections

    return search_connections.connections_info["default"]["PATH"]


@task()
def _probe_task() -> None:
    """Never run: it only stands in the queue for the worker check."""


@pytest.fixture
def database_task_queue(settings):
    settings.WENDA_TASKS_IMMEDIATE = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_healthz_reports_the_task_worker_ok_while_the_queue_is_empty(
    client, search_index, database_task_queue
):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["task_worker"]["due"] == 0


def test_healthz_answers_503_naming_the_task_worker_when_a_task_waits_too_long(
    client, search_index, database_task_queue, settings
):
    settings.WENDA_TASK_WORKER_STALL_SECONDS = 300
    result = _probe_task.enqueue()
    assert client.get("/healthz").status_code == 200  # just enqueued: the worker has time

    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=6)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["task_worker"]["error"] == "TaskWorkerStalled"
    assert response.json()["checks"]["database"]["status"] == "ok"


def test_healthz_needs_no_worker_when_tasks_run_in_process(client, search_index, settings):
    settings.WENDA_TASKS_IMMEDIATE = True
    worker = client.get("/healthz").json()["checks"]["task_worker"]
    assert (worker["status"], worker["mode"]) == ("ok", "immediate")
