"""The demo command goes through the real services, so these tests also prove every piece of demo
content passes the services' validation (and the secret-leak guard, where the services run it)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.test import TestCase
from django.utils import timezone

from core.roles import is_moderator, is_staff_member
from core.text import Language
from demo import people
from demo.threads_en import THREADS as THREADS_EN
from demo.threads_zh import THREADS as THREADS_ZH
from faq.models import FaqCategory, FaqEntry, FaqFeedback
from forum.models import Answer, Category, Tag, Thread, Vote
from moderation.models import AuditLogEntry, Escalation, EscalationStatus, Flag, FlagStatus
from notifications.models import Kind, Notification, OutgoingMail, Watch
from notifications.selectors import notification_unread_count

# Ask xdist (pytest.ini: --dist loadgroup) to run these on one worker, sharing one demo load.
pytestmark = pytest.mark.xdist_group(name="load_demo")

COUNTED_MODELS = [
    get_user_model(),
    Category,
    Tag,
    Thread,
    Answer,
    Vote,
    FaqCategory,
    FaqEntry,
    Notification,
    Escalation,
    AuditLogEntry,
    Flag,
    FaqFeedback,
]


def _load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once for this module (hundreds of service calls) inside a transaction that
    is rolled back afterwards, so nothing leaks into other tests. Each test still runs in its own
    savepoint (the ``db`` fixture) on top of it."""
    with django_db_blocker.unblock(), transaction.atomic():
        # What the load leaves for after its commit (the events moderation's services announce,
        # mail tasks) runs as a real commit would run it.
        with TestCase.captureOnCommitCallbacks(execute=True):
            output = _load_demo()
        yield output
        transaction.set_rollback(True)


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in COUNTED_MODELS}
    counts["accepted"] = Thread.objects.filter(accepted_answer__isnull=False).count()
    counts["pinned"] = Thread.objects.filter(is_pinned=True).count()
    counts["closed"] = Thread.objects.filter(duplicate_of__isnull=False).count()
    counts["hidden"] = Answer.objects.filter(is_hidden=True).count()
    counts["resolved"] = Escalation.objects.filter(status=EscalationStatus.RESOLVED).count()
    return counts


def test_load_demo_builds_a_bilingual_community_with_roles_answers_and_votes(demo_output, db):
    output = demo_output

    assert Thread.objects.count() >= 64
    assert Thread.objects.filter(language=Language.CHINESE).count() >= 30
    assert Thread.objects.filter(language=Language.ENGLISH).count() >= 30
    zh_titles = [spec.title for spec in THREADS_ZH]
    en_titles = [spec.title for spec in THREADS_EN]
    assert set(Thread.objects.filter(title__in=zh_titles).values_list("language", flat=True)) == {
        Language.CHINESE
    }
    assert set(Thread.objects.filter(title__in=en_titles).values_list("language", flat=True)) == {
        Language.ENGLISH
    }

    complaints = Category.objects.get(slug="complaints")
    assert complaints.is_complaints and complaints.name_zh == "投诉与建议"
    assert Category.objects.exclude(name_zh="").count() == Category.objects.count() >= 5
    assert not Category.objects.filter(threads=None).exists()

    users = get_user_model().objects
    moderator, staff, admin = (
        users.get(username=name) for name in (people.MODERATOR, people.STAFF, people.ADMIN)
    )
    assert is_moderator(moderator) and not moderator.is_staff
    assert is_staff_member(staff) and staff.display_name == "Wenda 官方团队"
    assert admin.is_superuser
    # Members joined before the oldest demo thread, so they are not "new accounts" (whose posting
    # limits are tighter) and their profiles look plausible.
    assert not users.filter(date_joined__gt=timezone.now() - timedelta(days=60)).exists()
    # One shared hash (checking one is enough: each check costs a deliberately slow hash).
    assert len({user.password for user in (moderator, staff, admin)}) == 1
    assert admin.check_password(people.DEMO_PASSWORD)
    assert people.DEMO_PASSWORD in output and "threads: " in output

    assert Thread.objects.filter(accepted_answer__isnull=False).count() >= 40
    assert Thread.objects.filter(answer_count=0).exists()  # some wait for an answer on purpose
    assert Answer.objects.filter(author=staff).count() >= 10
    assert Answer.objects.filter(author=moderator).count() >= 10
    assert Vote.objects.filter(value=Vote.UP).count() >= 300
    assert Answer.objects.filter(body_html__contains="<table>").exists()
    assert Thread.objects.filter(body_html__contains="<pre>").exists()
    # Source text is hard-wrapped for reading; the forum renders a newline as <br>, so the
    # loader must have joined the wrapped lines back into paragraphs.
    assert not Thread.objects.filter(body_html__contains="<br").exists()
    assert not Answer.objects.filter(body_html__contains="<br").exists()


def test_demo_counters_and_backdated_times_agree_with_the_rows(demo_output, db):
    now = timezone.now()
    threads = Thread.objects.annotate(answers_total=Count("answers", distinct=True))
    assert not threads.exclude(answer_count=F("answers_total")).exists()
    for model in (Thread, Answer):
        tallied = model.objects.annotate(tally=Coalesce(Sum("votes__value"), 0))
        assert not tallied.exclude(vote_score=F("tally")).exists()
    assert (
        not Thread.objects.filter(accepted_answer__isnull=False)
        .exclude(accepted_answer__thread=F("pk"))
        .exists()
    )

    # Backdated over about two months, answers after their question, activity = newest post.
    oldest = Thread.objects.order_by("created_at").first().created_at
    assert now - timedelta(days=61) < oldest < now - timedelta(days=50)
    assert not Thread.objects.filter(created_at__gt=now).exists()
    assert not Answer.objects.filter(created_at__lt=F("thread__created_at")).exists()
    for thread in Thread.objects.prefetch_related("answers"):
        newest = max([thread.created_at, *(answer.created_at for answer in thread.answers.all())])
        assert thread.last_activity_at == newest


def test_load_demo_builds_a_bilingual_faq_with_answers_promoted_by_the_moderator(demo_output, db):
    moderator = get_user_model().objects.get(username=people.MODERATOR)

    entries = FaqEntry.objects.filter(is_published=True)
    assert entries.count() >= 20
    assert entries.filter(language=Language.ENGLISH).count() >= 10
    assert entries.filter(language=Language.CHINESE).count() >= 10
    assert FaqCategory.objects.exclude(name_zh="").count() == FaqCategory.objects.count() >= 3

    promoted = entries.filter(source_answer__isnull=False)
    assert promoted.count() >= 8
    assert not promoted.exclude(promoted_by=moderator).exists()
    assert not promoted.exclude(credited_author=F("source_answer__author")).exists()
    assert not promoted.exclude(source_thread=F("source_answer__thread")).exists()
    # Authors other than the promoting moderator hear about it.
    credited_members = promoted.exclude(credited_author=moderator).values("credited_author")
    promotions = Notification.objects.filter(kind=Kind.ANSWER_PROMOTED)
    assert promotions.filter(recipient__in=credited_members).count() == (
        promoted.exclude(credited_author=moderator).count()
    )
    assert entries.filter(answer_html__contains="<table>").exists()
    assert not entries.filter(helpful_yes=0).exists()
    assert entries.filter(helpful_no__gt=0).exists()
    assert not entries.filter(answer_html__contains="<br").exists()


def test_load_demo_gives_askers_and_answerers_a_populated_bell_of_dated_news(demo_output, db):
    now = timezone.now()
    notices = Notification.objects.select_related("thread", "answer")
    assert set(notices.values_list("kind", flat=True)) == set(Kind.values)
    # Collapsed per thread, never about one's own answer, dated like the posts.
    assert notices.filter(kind=Kind.NEW_ANSWER, count__gt=1).exists()
    assert not notices.filter(kind=Kind.NEW_ANSWER, answer__author=F("recipient")).exists()
    accepted = notices.filter(kind=Kind.ANSWER_ACCEPTED)
    assert not accepted.filter(answer__author=F("thread__author")).exists()
    assert not notices.filter(updated_at__gt=now).exists()
    assert notices.filter(read_at__isnull=False).exists()
    # Some demo logins open the site to unread news.
    askers = get_user_model().objects.filter(threads__isnull=False).distinct()
    assert sum(notification_unread_count(user=asker) > 0 for asker in askers) >= 3


def test_load_demo_shows_flagged_scam_replies_one_hidden_and_one_waiting_for_review(
    demo_output, db
):
    flagged = Answer.objects.filter(flags__isnull=False).distinct()
    assert flagged.count() == 2
    hidden = flagged.get(is_hidden=True)
    waiting = flagged.get(is_hidden=False)
    assert not hidden.flags.exclude(status=FlagStatus.ACTIONED).exists()
    assert not waiting.flags.exclude(status=FlagStatus.OPEN).exists()
    assert waiting.flags.count() >= 2
    assert AuditLogEntry.objects.filter(answer=hidden, actor__username=people.MODERATOR).exists()
    assert (
        hidden.thread.language == Language.ENGLISH and waiting.thread.language == Language.CHINESE
    )


def test_load_demo_shows_pinned_notices_a_closed_duplicate_and_a_staff_queue(demo_output, db):
    now = timezone.now()
    pinned = Thread.objects.filter(is_pinned=True)
    assert set(pinned.values_list("language", flat=True)) == {Language.ENGLISH, Language.CHINESE}
    closed = Thread.objects.get(duplicate_of__isnull=False)
    assert closed.duplicate_of.language == closed.language == Language.CHINESE
    assert closed.created_at < closed.closed_at < now

    escalations = Escalation.objects.select_related("thread__category")
    statuses = set(escalations.values_list("status", flat=True))
    assert statuses == {EscalationStatus.OPEN, EscalationStatus.WAITING, EscalationStatus.RESOLVED}
    complaints = Thread.objects.filter(category__is_complaints=True)
    assert not complaints.filter(escalation=None).exists()
    assert escalations.exclude(thread__category__is_complaints=True).exists()  # "needs staff"
    # Backdated with their threads: the queue and the dashboard show realistic ages.
    for escalation in escalations:
        assert escalation.thread.created_at <= escalation.created_at < now - timedelta(hours=12)
        if escalation.resolved_at:
            assert escalation.created_at < escalation.resolved_at < now
    assert not AuditLogEntry.objects.filter(created_at__gt=now - timedelta(minutes=20)).exists()


def test_load_demo_run_twice_creates_nothing_new(demo_output, db):
    first = _counts()

    output = _load_demo()

    assert _counts() == first
    assert f"threads: 0 added, {len(THREADS_EN) + len(THREADS_ZH)} already there" in output
    assert "answers: 0 added" in output and "FAQ entries promoted from answers: 0 added" in output


def test_load_demo_has_watchers_of_places_mentions_and_news_for_tomorrows_digest(demo_output, db):
    watches = Watch.objects.filter(active=True)
    assert watches.filter(category__isnull=False).exists()
    assert watches.filter(tag__isnull=False).exists()
    # Every asker watches their thread.
    assert not Thread.objects.exclude(
        pk__in=watches.filter(user_id=F("thread__author_id")).values("thread_id")
    ).exists()
    mention = Notification.objects.filter(kind=Kind.MENTION).select_related("answer").first()
    assert mention is not None
    assert f"@{mention.recipient.username}" in mention.answer.body
    assert 'class="mention"' in mention.answer.body_html
    # Watched places tell only of questions asked after the watch began.
    for notice in Notification.objects.filter(kind=Kind.NEW_QUESTION).select_related("thread"):
        watch = Watch.objects.filter(user=notice.recipient).exclude(thread__isnull=False)
        assert watch.filter(created_at__lte=notice.thread.created_at).exists()
    # A daily digest run now has something to say: unread news of the last day, not mailed.
    day_ago = timezone.now() - timedelta(days=1)
    fresh = Notification.objects.filter(
        read_at__isnull=True, created_at__gte=day_ago, emailed_at__isnull=True
    )
    assert fresh.filter(kind__in=[Kind.NEW_QUESTION, Kind.NEW_ANSWER]).exists()
    # Chinese-reading members get their mail in Chinese.
    assert get_user_model().objects.get(username="lijing").language == "zh-hans"
    assert get_user_model().objects.get(username="alice_w").language == "en"
    assert OutgoingMail.objects.exists()
