"""The runbook's backup and restore, on whichever database the suite runs on (SQLite, and
PostgreSQL in CI): a backup taken while the site runs restores every post, and the search index
is rebuilt from the restored database."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from haystack.query import SearchQuerySet

from forum.models import Thread
from tests.factories import make_answer, make_thread


@pytest.fixture
def committed_posts(transactional_db, search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kept = make_thread(title="提现一直没到账怎么办", body="转出三小时了还没到账。")
        make_answer(thread=kept, body="先在区块浏览器里查交易哈希。")
    return kept


def test_a_restored_backup_brings_back_a_lost_thread_and_search_finds_it_again(
    committed_posts, tmp_path, django_capture_on_commit_callbacks
):
    backup = tmp_path / "wenda.backup"
    call_command("backup_database", str(backup))
    assert backup.stat().st_size > 0

    with django_capture_on_commit_callbacks(execute=True):
        Thread.objects.filter(pk=committed_posts.pk).delete()  # the loss a backup is for
    assert not SearchQuerySet().auto_query("提现").count()

    call_command("restore_database", str(backup), "--noinput")
    call_command("rebuild_index", interactive=False, verbosity=0)

    restored = Thread.objects.get(pk=committed_posts.pk)
    assert restored.title == "提现一直没到账怎么办"
    assert restored.answers.count() == 1
    assert SearchQuerySet().auto_query("提现").count() >= 1


def test_a_backup_never_overwrites_an_existing_file(committed_posts, tmp_path):
    existing = tmp_path / "wenda.backup"
    existing.write_bytes(b"yesterday's backup")
    with pytest.raises(CommandError, match="never overwritten"):
        call_command("backup_database", str(existing))
    assert existing.read_bytes() == b"yesterday's backup"


def test_restoring_a_file_that_is_not_a_backup_fails_with_a_reason_and_keeps_the_data(
    committed_posts, tmp_path
):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    with pytest.raises(CommandError):
        call_command("restore_database", str(bogus), "--noinput")
    assert Thread.objects.filter(pk=committed_posts.pk).exists()
