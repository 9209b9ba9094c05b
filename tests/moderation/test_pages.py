from django.urls import reverse

from moderation.models import FlagReason
from moderation.services import flag_create, post_hide
from moderation.thread_actions import thread_lock


def test_members_see_flag_links_but_not_on_their_own_posts(client_for, thread, answer, user):
    html = client_for(user).get(thread.get_absolute_url()).content.decode()
    assert reverse("moderation:flag_thread", args=[thread.pk]) not in html  # own question
    assert reverse("moderation:flag_answer", args=[answer.pk]) in html
    assert reverse("moderation:thread_action", args=[thread.pk, "hide"]) not in html


def test_a_flagged_post_says_so_instead_of_offering_the_flag_again(
    client_for, thread, answer, user
):
    flag_create(user=user, post=answer, reason=FlagReason.SPAM)
    html = client_for(user).get(thread.get_absolute_url()).content.decode()
    assert "You flagged this answer" in html
    assert reverse("moderation:flag_answer", args=[answer.pk]) not in html


def test_moderators_see_flag_counts_and_actions_on_the_thread_page(
    client_for, thread, answer, user, moderator
):
    flag_create(user=user, post=answer, reason=FlagReason.SCAM)
    html = client_for(moderator).get(thread.get_absolute_url()).content.decode()
    assert "1 open flag" in html
    assert reverse("moderation:thread_action", args=[thread.pk, "hide"]) in html
    assert reverse("moderation:answer_action", args=[answer.pk, "hide"]) in html
    assert reverse("moderation:thread_moderate", args=[thread.pk]) in html
    assert reverse("moderation:queue") in html  # header link


def _moderation_queries(queries) -> int:
    return sum(1 for query in queries if "moderation_" in query["sql"])


def test_the_moderation_panels_cost_a_fixed_number_of_queries_per_page(
    client_for, thread, moderator, django_assert_max_num_queries
):
    from tests.factories import make_answer

    client = client_for(moderator)
    make_answer(thread=thread)
    with django_assert_max_num_queries(100) as one_answer:
        client.get(thread.get_absolute_url())
    for _ in range(5):
        make_answer(thread=thread)
    with django_assert_max_num_queries(100) as six_answers:
        client.get(thread.get_absolute_url())
    assert _moderation_queries(one_answer.captured_queries) == 3
    assert _moderation_queries(six_answers.captured_queries) == 3


def test_the_audit_log_lists_entries_for_staff(client_for, thread, moderator, staff):
    thread_lock(thread=thread, moderator=moderator, reason="Heated argument")
    post_hide(post=thread, moderator=moderator, reason="Scam link")
    html = client_for(staff).get(reverse("moderation:audit_log")).content.decode()
    assert html.index("Scam link") < html.index("Heated argument")  # newest first
    assert "Locked a thread" in html and moderator.public_name in html


def test_the_flag_queue_page_hides_and_dismisses(client_for, thread, answer, user, moderator):
    flag_create(user=user, post=answer, reason=FlagReason.SCAM, text="fake admin")
    client = client_for(moderator)
    queue = reverse("moderation:queue")
    html = client.get(queue).content.decode()
    assert "fake admin" in html and "1 flag" in html
    response = client.post(
        reverse("moderation:answer_action", args=[answer.pk, "hide"]),
        {"next": queue, "reason": "phishing"},
    )
    assert response["Location"] == queue
    assert "fake admin" not in client.get(queue).content.decode()
    answer.refresh_from_db()
    assert answer.is_hidden


def test_moderation_posts_without_a_csrf_token_are_refused(thread, moderator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    response = client.post(reverse("moderation:thread_action", args=[thread.pk, "hide"]))
    assert response.status_code == 403
    thread.refresh_from_db()
    assert not thread.is_hidden


def test_moderation_pages_have_no_inline_script_or_style(client_for, thread, answer, user, staff):
    from moderation.escalations import escalation_request
    from moderation.thread_actions import thread_move
    from tests.factories import make_category

    escalation = escalation_request(thread=thread, user=user)
    thread_move(thread=thread, moderator=staff, category=make_category(name="Elsewhere"))
    flag_create(user=user, post=answer, reason=FlagReason.SPAM)
    client = client_for(staff)
    urls = [
        thread.get_absolute_url(),
        reverse("moderation:queue"),
        reverse("moderation:staff_queue"),
        reverse("moderation:dashboard"),
        reverse("moderation:audit_log"),
        reverse("moderation:thread_moderate", args=[thread.pk]),
        reverse("moderation:escalation_detail", args=[escalation.pk]),
    ]
    for url in urls:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert " style=" not in html, url
        assert "<script>" not in html and "<style" not in html, url
    log = client.get(reverse("moderation:audit_log")).content.decode()
    assert "from category: Account &amp; login" in log  # the name, not the slug


def test_the_admin_lists_the_moderation_models(client_for, thread, user, moderator):
    from moderation.escalations import escalation_request
    from moderation.thread_actions import thread_lock
    from tests.factories import make_user

    flag_create(user=moderator, post=thread, reason=FlagReason.SPAM)
    thread_lock(thread=thread, moderator=moderator)
    escalation_request(thread=thread, user=user)
    admin_user = make_user(is_staff=True, is_superuser=True)
    client = client_for(admin_user)
    for model in ("flag", "auditlogentry", "escalation"):
        assert client.get(f"/admin/moderation/{model}/").status_code == 200, model
    # The audit log is evidence: no add or delete from the admin.
    assert client.get("/admin/moderation/auditlogentry/add/").status_code == 403


def test_the_escalation_notice_is_read_with_the_thread_not_in_a_query_of_its_own(
    client, thread, user, django_assert_max_num_queries
):
    from moderation.escalations import escalation_request

    with django_assert_max_num_queries(100) as before:
        client.get(thread.get_absolute_url())
    escalation_request(thread=thread, user=user)
    with django_assert_max_num_queries(100) as after:
        page = client.get(thread.get_absolute_url()).content.decode()
    assert "Staff have been asked to look at this thread." in page
    assert len(after.captured_queries) == len(before.captured_queries)
    assert not any(
        query["sql"].lstrip().startswith('SELECT "moderation_escalation"')
        for query in after.captured_queries
    )
