"""The loop an asker lives by, in a real browser: a member answers, the asker's bell shows 1
without a page load, the list links to the answer, and reading it clears the count."""

import re

import pytest
from playwright.sync_api import expect

from forum.models import Answer
from tests.factories import PASSWORD, make_thread, make_user

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _log_in(page, live_server, username, next_path):
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))


def test_an_answer_lights_the_askers_bell_and_reading_it_clears_the_count(
    plain_http_site, live_server, browser
):
    tom = make_user(username="tom")
    make_user(username="alice")
    thread = make_thread(author=tom, title="提现一直没到账怎么办")
    asker = browser.new_context().new_page()
    answerer = browser.new_context().new_page()
    _log_in(asker, live_server, "tom", "/")
    bell = asker.locator(".notification-bell")
    expect(bell.locator(".notification-count")).to_have_count(0)

    _log_in(answerer, live_server, "alice", thread.get_absolute_url())
    answerer.locator("#answer-form textarea[name=body]").fill(
        "提现通常在 30 分钟内到账，请先在区块浏览器里查一下交易哈希。"
    )
    answerer.locator("#answer-form button[type=submit]").click()
    expect(answerer.locator(".post-answer")).to_have_count(1)
    answer = Answer.objects.get(thread=thread)

    # The asker's tab comes back into focus: the bell asks the server, no reload.
    asker.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(bell.locator(".notification-count")).to_have_text("1")

    bell.click()
    expect(asker).to_have_url(re.compile(r"/notifications/$"))
    notice = asker.locator(".notification.is-unread a").first
    expect(notice).to_contain_text("提现一直没到账怎么办")
    notice.click()
    expect(asker).to_have_url(re.compile(rf"/t/{thread.pk}/.*#answer-{answer.pk}$"))
    expect(asker.locator(f"#answer-{answer.pk}")).to_be_visible()
    expect(asker.locator(".notification-bell .notification-count")).to_have_count(0)
