from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.models import Answer, Thread
from forum.services import answer_accept
from moderation.escalations import escalation_request, escalation_update
from moderation.models import Escalation, EscalationStatus
from moderation.selectors import dashboard_figures
from moderation.services import post_hide
from tests.factories import make_answer, make_thread, make_user

NOW = timezone.now().replace(microsecond=0)


def _thread(days_ago, *, asker):
    thread = make_thread(author=asker)
    Thread.objects.filter(pk=thread.pk).update(created_at=NOW - timedelta(days=days_ago))
    thread.refresh_from_db()
    return thread


def _answer(thread, hours_after, *, author):
    answer = make_answer(thread=thread, author=author)
    Answer.objects.filter(pk=answer.pk).update(
        created_at=thread.created_at + timedelta(hours=hours_after)
    )
    return answer


@pytest.fixture
def constructed(db):
    asker, member = make_user(), make_user()
    staff = make_user(is_staff=True)
    moderator = make_user(moderator=True)
    t1, t2, t3 = _thread(2, asker=asker), _thread(3, asker=asker), _thread(5, asker=asker)
    t4, t5 = _thread(20, asker=asker), _thread(40, asker=asker)
    accepted = _answer(t1, 1, author=member)
    _answer(t1, 5, author=staff)
    _answer(t2, 3, author=staff)
    hidden = _answer(t3, 0.5, author=member)  # hidden: t3 still counts as unanswered
    post_hide(post=hidden, moderator=moderator)
    _answer(t4, 10, author=member)
    _answer(t4, 30, author=staff)
    _answer(t5, 2, author=member)
    answer_accept(answer=accepted, user=asker)
    # Open escalations 2 hours, 2 days and 10 days old, and a resolved one (not counted).
    for thread, age in (
        (t1, timedelta(hours=2)),
        (t2, timedelta(days=2)),
        (t4, timedelta(days=10)),
        (t5, timedelta(days=5)),
    ):
        escalation = escalation_request(thread=thread, user=asker)
        Escalation.objects.filter(pk=escalation.pk).update(created_at=NOW - age)
    escalation_update(
        escalation=Escalation.objects.get(thread=t5),
        staff=staff,
        urgency=0,
        status=EscalationStatus.RESOLVED,
        note="Done",
    )
    return {"unanswered": [t3], "staff": staff}


def test_dashboard_figures_on_known_timestamps(constructed):
    figures = dashboard_figures(now=NOW)
    week, month = figures["windows"]
    assert week == {
        "days": 7,
        "asked": 3,
        "answered": 2,
        "median_hours_to_first_answer": 2.0,
        "median_hours_to_first_staff_answer": 4.0,
        "solved": 1,
        "solved_rate": 33.3,
    }
    assert month == {
        "days": 30,
        "asked": 4,
        "answered": 3,
        "median_hours_to_first_answer": 3.0,
        "median_hours_to_first_staff_answer": 5.0,
        "solved": 1,
        "solved_rate": 25.0,
    }
    assert figures["unanswered_count"] == 1
    assert figures["unanswered"] == constructed["unanswered"]
    assert (figures["threads_total"], figures["solved_total"], figures["solved_rate_total"]) == (
        5,
        1,
        20.0,
    )
    assert [bucket["count"] for bucket in figures["escalation_buckets"]] == [1, 1, 0, 1]
    assert figures["open_escalations"] == 3


def test_dashboard_figures_with_no_threads_are_empty_not_errors(db):
    figures = dashboard_figures(now=NOW)
    assert figures["windows"][0]["median_hours_to_first_answer"] is None
    assert figures["windows"][0]["solved_rate"] is None
    assert figures["solved_rate_total"] is None and figures["unanswered_count"] == 0


def test_the_dashboard_page_shows_the_figures_to_staff(client_for, constructed):
    html = client_for(constructed["staff"]).get(reverse("moderation:dashboard")).content.decode()
    assert 'data-figure="first-staff-answer-30">5.0 h<' in html
    assert 'data-figure="solved-7">33.3% (1/3)<' in html
    assert 'data-figure="escalations-7">1<' in html
    assert constructed["unanswered"][0].title in html
