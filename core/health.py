"""/healthz for load balancers and monitors: can this process read the database and the search
index, and is the background task worker keeping up? 200 with every check "ok", else 503
naming the failing check. JSON for machines: no
session, no CSRF, never cached, and exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT)."""

import logging
import time

from django.conf import settings
from django.db import connections
from django.db.models import Case, F, Min, When
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from haystack import connections as search_connections
from whoosh import index as whoosh_index

from core.methods import allow_methods

logger = logging.getLogger("wenda.health")


def check_database() -> dict:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_index() -> dict:
    """Opens a fresh searcher on the index as it is on disk and reads its document count. A missing
    index fails: haystack's setup() would quietly create an empty one."""
    backend = search_connections["default"].get_backend()
    if backend.use_file_storage:
        if not whoosh_index.exists_in(backend.path):
            raise FileNotFoundError(f"no search index in {backend.path}")
        ix = whoosh_index.open_dir(backend.path)
    else:
        if not backend.setup_complete:
            backend.setup()
        ix = backend.index
    with ix.searcher() as searcher:
        return {"documents": searcher.doc_count()}


class TaskWorkerStalled(Exception):
    """Tasks have been due longer than WENDA_TASK_WORKER_STALL_SECONDS: no worker takes them."""


def check_task_worker() -> dict:
    """The database task worker leaves no heartbeat, but its work shows: a task that has been due
    for minutes means no worker is taking tasks (mail waits). An empty queue is healthy even
    with the worker down, because nothing is owed yet."""
    if settings.WENDA_TASKS_IMMEDIATE:
        return {"mode": "immediate"}
    from django_tasks_db.models import DBTaskResult, get_date_max

    due = DBTaskResult.objects.ready()
    waiting = due.count()
    if not waiting:
        return {"mode": "worker", "due": 0}
    due_since = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    oldest = due.aggregate(oldest=Min(due_since))["oldest"]
    waited = (timezone.now() - oldest).total_seconds()
    if waited > settings.WENDA_TASK_WORKER_STALL_SECONDS:
        raise TaskWorkerStalled(f"{waiting} tasks due, the oldest for {waited:.0f} s")
    return {"mode": "worker", "due": waiting, "oldest_due_seconds": round(waited)}


CHECKS = {"database": check_database, "index": check_index, "task_worker": check_task_worker}


@never_cache
@allow_methods("GET", "HEAD")
def healthz(request):
    checks, healthy = {}, True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            result = {"status": "ok", **check()}
        except Exception as error:  # any failure is the answer, not a 500
            logger.error("Health check %s failed: %r", name, error)
            result, healthy = {"status": "error", "error": type(error).__name__}, False
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        checks[name] = result
    body = {"status": "ok" if healthy else "error", "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)
