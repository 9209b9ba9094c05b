"""Issue 5, "done when": a flagged post reaches the queue, is hidden and leaves search; a
complaint reaches the staff queue and the dashboard counts it. Through the real UI."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from core.roles import MODERATORS_GROUP
from tests.factories import PASSWORD, make_answer, make_category, make_thread, make_user

pytestmark = pytest.mark.browser

SCAM = "Official recovery desk: send your recovery phrase to restoredesk to unlock the funds"


@pytest.fixture
def plain_http_site(settings):
    # The live server speaks http: no https redirect, cookies without the Secure flag.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _log_in(page, base_url: str, username: str, next_path: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/?next={next_path}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").filter(has=page.locator("input[name=password]")).locator(
        "button[type=submit]"
    ).click()
    expect(page).to_have_url(re.compile(re.escape(next_path)))


def test_flag_hide_and_escalate_through_the_browser(
    page, live_server, transactional_db, plain_http_site, disk_search_index
):
    # A transactional test starts from a flushed database: restore what the migration created.
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(Permission.objects.get(codename="moderate_forum"))
    make_user(username="alice")
    make_user(username="boss", is_staff=True)
    asker = make_user(username="asker")
    thread = make_thread(
        author=asker,
        category=make_category(name="Security"),
        title="Someone drained my wallet overnight",
    )
    scam = make_answer(thread=thread, author=make_user(username="helpdesk"), body=SCAM)
    complaint = make_thread(
        author=asker,
        category=make_category(name="Complaints", is_complaints=True),
        title="Support has not replied to my ticket for five days",
    )
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    base = live_server.url

    page.goto(f"{base}/search/?q=restoredesk")
    expect(page.locator(".search-results")).to_contain_text("restoredesk")

    # A member flags the scam answer.
    _log_in(page, base, "alice", f"/t/{thread.pk}/")
    page.locator(f"#answer-{scam.pk}").get_by_role("link", name="Flag").click()
    page.get_by_label("Scam or phishing").check()
    page.get_by_label("Details").fill("Fake support asking for the recovery phrase")
    page.get_by_role("button", name="Send to moderators").click()
    expect(page.locator(".messages")).to_contain_text("Moderators will review this post")
    expect(page.locator(f"#answer-{scam.pk}")).to_contain_text("You flagged this answer")

    # Staff (who also moderate) see it in the queue and hide it.
    _log_in(page, base, "boss", "/mod/queue/")
    item = page.locator(".mod-item", has_text="Someone drained my wallet overnight")
    expect(item).to_contain_text("Fake support asking for the recovery phrase")
    item.get_by_placeholder("Reason (optional)").fill("Phishing")
    item.get_by_role("button", name="Hide post").click()
    expect(page.locator(".messages")).to_contain_text("The answer is hidden")
    expect(page.locator(".empty-state")).to_contain_text("No open flags")

    page.goto(f"{base}/search/?q=restoredesk")
    expect(page.locator("body")).not_to_contain_text(SCAM[:40])
    expect(page.locator(".search-results")).to_have_count(0)

    # The complaint waits in the staff queue; staff mark it urgent and waiting for the user.
    page.goto(f"{base}/mod/staff/")
    page.get_by_role("link", name=re.compile("Support has not replied")).click()
    page.get_by_label("Urgency").select_option(label="Urgent")
    page.get_by_label("Status").select_option(label="Waiting for the user")
    page.get_by_label("Note").fill("Asked for the ticket number")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("tr.is-urgent")).to_contain_text(complaint.title)

    page.goto(f"{base}/mod/dashboard/")
    expect(page.locator('[data-figure="escalations-0"]')).to_have_text("1")
    expect(page.locator('[data-figure="asked-7"]')).to_have_text("2")

    # The asker sees the status on the thread.
    _log_in(page, base, "asker", f"/t/{complaint.pk}/")
    expect(page.locator(".notice-escalation")).to_contain_text(
        "Staff are waiting for a reply from the asker"
    )
    assert console_errors == []
