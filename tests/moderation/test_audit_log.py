from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.services import answer_accept
from moderation.escalations import escalation_request, escalation_update
from moderation.models import Urgency
from moderation.services import post_hide
from moderation.thread_actions import thread_lock, thread_move
from tests.factories import make_answer, make_category, make_thread

LOG = reverse("moderation:audit_log")


def test_moderators_and_staff_read_the_audit_log_and_members_do_not(
    client_for, thread, user, moderator, staff
):
    thread_lock(thread=thread, moderator=moderator, reason="Heated argument")
    assert client_for(None).get(LOG).status_code == 302
    assert client_for(user).get(LOG).status_code == 403
    for reader in (moderator, staff):
        response = client_for(reader).get(LOG)
        assert response.status_code == 200
        assert "Heated argument" in response.content.decode()


def test_the_moderation_nav_offers_the_log_to_moderators(client_for, moderator):
    html = client_for(moderator).get(reverse("moderation:queue")).content.decode()
    assert f'href="{LOG}"' in html


def test_the_chinese_audit_log_shows_names_and_translated_labels_not_ids(
    client_for, thread, answer, user, moderator, staff
):
    escalation = escalation_request(thread=thread, user=user)
    escalation_update(
        escalation=escalation,
        staff=staff,
        urgency=Urgency.URGENT,
        status="waiting",
        note="Asked for the transaction id",
        assigned_to=staff,
    )
    answer_accept(answer=answer, user=user)
    post_hide(post=answer, moderator=moderator, reason="Scam link")
    html = client_for(moderator).get(LOG, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "状态: 待处理 → 等待用户回复" in html  # EscalationStatus labels, translated
    assert "紧急程度: 普通 → 紧急" in html
    assert f"负责人: 未指派 → {staff.public_name}" in html  # a name, not a user id
    assert "原为已采纳的回答: 是" in html  # a translated yes, not True
    assert f'<a href="{thread.get_absolute_url()}">{thread.title}</a>' in html
    assert f"Thread #{thread.pk}" not in html and "open → waiting" not in html
    assert "用户 ID" not in html and "None" not in html


def test_a_moved_thread_shows_category_names_in_the_readers_language(client_for, thread, moderator):
    thread_move(
        thread=thread, moderator=moderator, category=make_category(name="Wallets", name_zh="钱包")
    )
    html = client_for(moderator).get(LOG, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "原分类: 账户与登录" in html and "钱包" in html


def test_a_purged_post_is_named_from_its_snapshot(client_for, thread, moderator):
    thread_lock(thread=thread, moderator=moderator)
    title = thread.title
    thread.delete()  # purged outright: the entry keeps only its target_label
    html = client_for(moderator).get(LOG).content.decode()
    assert f"“{title}” (removed thread)" in html
    assert "Thread #" not in html


def test_the_log_page_costs_the_same_queries_for_two_entries_or_twelve(client_for, moderator):
    client = client_for(moderator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LOG).status_code == 200
        return len(captured.captured_queries)

    def hide_an_answer_and_move_a_thread():
        post_hide(post=make_answer(), moderator=moderator)
        thread_move(thread=make_thread(), moderator=moderator, category=make_category())

    hide_an_answer_and_move_a_thread()
    two = queries()
    for _ in range(5):
        hide_an_answer_and_move_a_thread()
    assert queries() == two
