import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from haystack.query import SearchQuerySet
from mnemonic import Mnemonic

from faq.models import FaqEntry
from forum.models import Answer, Revision, Thread
from forum.services import thread_edit
from moderation.models import AuditAction, AuditLogEntry, Flag, FlagReason, FlagStatus
from moderation.selectors import flag_queue
from tests.factories import make_answer, make_thread, make_user
from tests.faq.factories import make_faq_entry

SEED_PHRASE = Mnemonic("english").to_mnemonic(random.Random(1).randbytes(16))
CHINESE_SEED = " ".join(
    Mnemonic("chinese_traditional").to_mnemonic(random.Random(2).randbytes(20)).split()
)
PRIVATE_KEY = random.Random(3).randbytes(32).hex()


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English whatever an earlier test left active.
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin(db):
    return make_user(username="root", is_staff=True, is_superuser=True)


def stored_before_the_guard(post, **fields):
    """Legacy content: written straight to the row, as it was before services refused it."""
    type(post).objects.filter(pk=post.pk).update(**fields)
    post.refresh_from_db()
    return post


def scan(*args):
    out = StringIO()
    call_command("scan_secrets", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def leaked(thread, answer):
    stored_before_the_guard(thread, body=f"Drained, everything is gone.\n{SEED_PHRASE}")
    stored_before_the_guard(answer, body=f"私钥 0x{PRIVATE_KEY}")
    clean = make_answer(thread=thread, body=f"Never post it. txid {PRIVATE_KEY[::-1]} is fine.")
    return thread, answer, clean


def test_a_dry_run_reports_masked_matches_and_changes_nothing(leaked, admin):
    thread, answer, clean = leaked
    output = scan("--dry-run")
    assert f"thread {thread.pk} body @29: recovery phrase (12 words)" in output
    assert f"answer {answer.pk} (thread {thread.pk}) body @3: private key (64 hex)" in output
    assert f"answer {clean.pk} " not in output
    assert SEED_PHRASE.split()[1] not in output and PRIVATE_KEY[8:40] not in output
    assert "Scanned 3 items: 2 with secrets, would change 2." in output
    assert not Thread.objects.filter(is_hidden=True).exists()
    assert not Answer.objects.filter(is_hidden=True).exists()
    assert not Flag.objects.exists()


def test_the_scan_hides_and_flags_matches_for_the_moderation_queue(leaked, admin):
    thread, answer, clean = leaked
    output = scan()
    assert "Scanned 3 items: 2 with secrets, changed 2." in output
    thread.refresh_from_db(), answer.refresh_from_db(), clean.refresh_from_db()
    assert thread.is_hidden and answer.is_hidden and not clean.is_hidden
    flags = Flag.objects.order_by("pk")
    assert [(flag.thread_id, flag.answer_id) for flag in flags] == [
        (thread.pk, None),
        (None, answer.pk),
    ]
    assert all(
        flag.reason == FlagReason.SECRET and flag.status == FlagStatus.OPEN and flag.user == admin
        for flag in flags
    )
    assert "recovery phrase (12 words)" in flags[0].text
    assert {item.post for item in flag_queue()} == {thread, answer}
    assert AuditLogEntry.objects.filter(action=AuditAction.HIDE, actor=admin).count() == 2


def test_a_second_scan_leaves_hidden_posts_alone(leaked, admin):
    scan()
    output = scan()
    assert "already hidden, left as is" in output
    assert "changed 0." in output
    assert Flag.objects.count() == 2


def test_hidden_posts_leave_the_search_index(
    search_index, django_capture_on_commit_callbacks, admin, category
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(category=category, title="Wallet restore question")
    stored_before_the_guard(thread, body=CHINESE_SEED)
    assert [int(result.pk) for result in SearchQuerySet().filter(kind="thread")] == [thread.pk]
    with django_capture_on_commit_callbacks(execute=True):
        scan()
    assert list(SearchQuerySet().filter(kind="thread")) == []


def test_the_scan_cuts_secrets_out_of_old_revisions(thread, user, admin):
    stored_before_the_guard(thread, body=f"My key is {PRIVATE_KEY}, is it safe?")
    thread_edit(thread=thread, editor=user, title=thread.title, body="Removed, sorry.")
    scan()
    revision = Revision.objects.get(thread=thread)
    assert PRIVATE_KEY not in revision.body
    assert revision.body.startswith("My key is [removed: looked like a secret")
    assert revision.body.endswith(", is it safe?")
    thread.refresh_from_db()
    assert not thread.is_hidden


def test_the_scan_unpublishes_faq_entries(moderator, admin):
    entry = make_faq_entry(created_by=moderator, question="How do I restore my wallet?")
    stored_before_the_guard(entry, answer=f"Type the words, e.g. {SEED_PHRASE}")
    output = scan()
    assert f"FAQ entry {entry.pk} answer" in output
    assert not FaqEntry.objects.get(pk=entry.pk).is_published


def test_the_scan_runs_as_a_named_moderator_and_refuses_members(leaked, moderator, user):
    scan("--as", moderator.username)
    assert set(Flag.objects.values_list("user__username", flat=True)) == {moderator.username}
    with pytest.raises(CommandError, match="not an active moderator"):
        scan("--as", user.username)


def test_without_a_superuser_the_scan_asks_for_a_moderator_and_changes_nothing(leaked):
    # Take-downs go through the moderation services, which record who acted.
    thread, answer, _clean = leaked
    with pytest.raises(CommandError, match="--as MODERATOR"):
        scan()
    assert not Thread.objects.get(pk=thread.pk).is_hidden
    assert "would change 2" in scan("--dry-run")
