"""Code run in separate OS processes by test_concurrency.py, each one like a web server process.

Nothing Django is imported at module level: a spawned process imports this module before it
has configured Django.
"""

import os


def configure(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def prepare(env: dict, users: int) -> dict:
    """Migrate the shared database, create the authors, a category and one shared thread."""
    configure(env)
    from django.core.management import call_command

    from forum.models import Category
    from forum.services import thread_create
    from search.models import PendingIndexUpdate
    from tests.factories import make_user

    call_command("migrate", verbosity=0, interactive=False)
    call_command("clear_index", interactive=False, verbosity=0)
    category = Category.objects.create(name="Load", slug="load")
    authors = [make_user(username=f"poster{number}").pk for number in range(users)]
    shared = thread_create(
        author=make_user(username="asker"),
        title="Shared thread",
        body="Everyone answers here.",
        category=category,
    )
    PendingIndexUpdate.objects.all().delete()
    call_command("rebuild_index", interactive=False, verbosity=0)
    return {"authors": authors, "category": category.pk, "shared": shared.pk}


def post(env: dict, worker: int, author_pk: int, setup: dict, count: int, start) -> None:
    """Wait for the start signal, then post threads and answers as fast as possible."""
    configure(env)
    from django.contrib.auth import get_user_model

    from forum.models import Category, Thread
    from forum.services import answer_create, thread_create
    from search.index_queue import wait_for_background_writes

    author = get_user_model().objects.get(pk=author_pk)
    category = Category.objects.get(pk=setup["category"])
    shared = Thread.objects.get(pk=setup["shared"])
    start.wait(timeout=120)
    for number in range(count):
        marker = f"w{worker}n{number}"
        thread_create(
            author=author,
            title=f"Concurrent question {marker}",
            body=f"Posted by worker {worker}: token{marker}",
            category=category,
        )
        answer_create(thread=shared, author=author, body=f"Answer token{marker}a")
    # The process lives on, as a web server's does, until its background thread applied them.
    wait_for_background_writes()


def find_everything(env: dict, repair: bool) -> dict:
    """Report what the database has that search does not find, through the real search path."""
    configure(env)
    from django.core.management import call_command
    from haystack.query import SearchQuerySet

    from forum.models import Answer, Thread
    from search.models import PendingIndexUpdate

    if repair:
        call_command("search_check", "--repair", verbosity=0)
    lost = []
    for thread in Thread.objects.exclude(title="Shared thread"):
        token = thread.body_text.rsplit(" ", 1)[-1]
        found = [r.pk for r in SearchQuerySet().filter(content=token, kind="thread")]
        if found != [str(thread.pk)]:
            lost.append(f"thread {thread.pk}")
    for answer in Answer.objects.all():
        token = answer.body_text.rsplit(" ", 1)[-1]
        found = [r.pk for r in SearchQuerySet().filter(content=token, kind="answer")]
        if found != [str(answer.pk)]:
            lost.append(f"answer {answer.pk}")
    shared = Thread.objects.get(title="Shared thread")
    [doc] = SearchQuerySet().filter(title="Shared", kind="thread")
    return {
        "lost": lost,
        "threads": Thread.objects.count() - 1,
        "answers": Answer.objects.count(),
        "shared_answer_count": (shared.answer_count, doc.answer_count),
        "pending": PendingIndexUpdate.objects.count(),
    }


def bulk_threads(env: dict, count: int, author_pk: int, category_pk: int) -> None:
    """Rows without their index documents (a database restored, or grown by import): enough
    documents for a rebuild to run for a while and start Whoosh's writer processes."""
    configure(env)
    from django.utils import timezone

    from forum.models import Thread

    now = timezone.now()
    Thread.objects.bulk_create(
        [
            Thread(
                title=f"Bulk question {number}",
                body=f"Filler thread token bulk{number}",
                body_html=f"<p>Filler thread token bulk{number}</p>",
                body_text=f"Filler thread token bulk{number}",
                language="en",
                author_id=author_pk,
                category_id=category_pk,
                last_activity_at=now,
            )
            for number in range(count)
        ],
        batch_size=500,
    )


def post_and_search(env: dict, author_pk: int, category_pk: int, marker: str) -> dict:
    """Post one question as a web process would and report how soon search finds it."""
    import time

    configure(env)
    from django.contrib.auth import get_user_model
    from haystack.query import SearchQuerySet

    from forum.models import Category
    from forum.services import thread_create
    from search.index_queue import wait_for_background_writes
    from search.models import PendingIndexUpdate

    started = time.monotonic()
    thread_create(
        author=get_user_model().objects.get(pk=author_pk),
        title=f"Posted after the kill {marker}",
        body=f"Is this indexed at once? {marker}",
        category=Category.objects.get(pk=category_pk),
    )
    # A web process applies it in its background thread (WENDA_SEARCH_WRITES's default).
    wait_for_background_writes()
    found = [r.pk for r in SearchQuerySet().filter(content=marker, kind="thread")]
    return {
        "found": len(found),
        "seconds": time.monotonic() - started,
        "pending": PendingIndexUpdate.objects.count(),
    }
