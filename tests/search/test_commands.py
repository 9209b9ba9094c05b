from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from haystack.query import SearchQuerySet

from forum.models import Thread
from search.models import PendingIndexUpdate
from tests.factories import make_answer, make_thread


def _titles(kind="thread"):
    return sorted(r.title for r in SearchQuerySet().filter(kind=kind))


def _check(*args):
    out = StringIO()
    call_command("search_check", *args, stdout=out)
    return out.getvalue()


def test_search_check_passes_when_the_index_matches_the_database(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_answer(thread=make_thread(title="In sync"))
    output = _check()
    assert "forum.thread: 1 in database, 1 in index, 0 missing, 0 stale, 0 extra" in output
    assert "matches the database" in output


def test_search_check_reports_missing_stale_and_extra_documents_and_repair_fixes_them(
    search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        renamed = make_thread(title="Old title")
        hidden = make_thread(title="Soon hidden")
    # Changes that bypass the signal processor, and a post whose commit hook never ran.
    Thread.objects.filter(pk=renamed.pk).update(title="New title")
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    missing = make_thread(title="Never indexed")
    with pytest.raises(CommandError, match="drifted"):
        _check()
    output = StringIO()
    with pytest.raises(CommandError):
        call_command("search_check", stdout=output)
    text = output.getvalue()
    assert "Queued index updates: 1" in text
    assert f"missing: {missing.pk}" in text
    assert f"stale: {renamed.pk}" in text
    assert f"extra: {hidden.pk}" in text

    assert "index matches the database" in _check("--repair")
    assert _titles() == ["Never indexed", "New title"]
    assert not PendingIndexUpdate.objects.exists()


def test_rebuild_and_update_index_work_with_the_project_backend_and_show_progress(
    search_index, django_capture_on_commit_callbacks
):
    make_thread(title="Only in the database")
    out = StringIO()
    call_command("rebuild_index", interactive=False, verbosity=2, stdout=out, stderr=out)
    assert "Indexing 1 thread" in out.getvalue()
    assert _titles() == ["Only in the database"]
    make_thread(title="Second thread")
    call_command("update_index", verbosity=1, stdout=out, stderr=out)
    assert _titles() == ["Only in the database", "Second thread"]
