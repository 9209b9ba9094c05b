"""The thread lists read through indexes: at 100k threads a list page that reads every thread
took 70-600 ms and held a sync worker meanwhile (benchmarks/README.md, issue 13)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import selectors
from tests.factories import make_thread

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="reads SQLite's query plans; PostgreSQL reads a table this small sequentially "
    "whatever its indexes",
)


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " | ".join(row[-1] for row in cursor.fetchall())


def _reads_threads_by_index(plan: str) -> bool:
    steps = [step for step in plan.split(" | ") if "forum_thread " in step + " "]
    return bool(steps) and all("USING" in step and "INDEX" in step for step in steps)


@pytest.mark.parametrize("tab", ["latest", "unanswered", "solved", "top"])
def test_each_tab_of_the_thread_list_reads_its_page_and_pinned_threads_through_an_index(db, tab):
    make_thread()
    threads = selectors.thread_list_for_listing(user=AnonymousUser(), tab=tab)
    if isinstance(threads, selectors.PinnedFirst):
        assert _reads_threads_by_index(_plan(threads.pinned_query()))
        threads = threads.rest
    assert _reads_threads_by_index(_plan(threads[:20]))


@pytest.mark.parametrize("tab", ["latest", "unanswered", "solved"])
def test_a_thread_lists_count_reads_an_index_and_not_the_table(db, tab):
    make_thread()
    threads = selectors.thread_list_for_listing(user=AnonymousUser(), tab=tab)
    with CaptureQueriesContext(connection) as captured:
        threads.rest.count()
    (count,) = [query["sql"] for query in captured.captured_queries if "COUNT(" in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + count)
        plan = " | ".join(row[-1] for row in cursor.fetchall())
    assert _reads_threads_by_index(plan), plan
