"""static/js/forum.js in a real Chromium, under the site's real Content-Security-Policy."""

import re

import pytest
from playwright.sync_api import expect

from forum.models import Thread, Vote
from tests.factories import PASSWORD, make_category, make_thread, make_user

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _log_in(page, live_server, username, next_url):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def _collect_csp_violations(page) -> list[str]:
    messages = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return messages


def test_the_ask_page_previews_markdown_as_it_will_be_saved(page, live_server, plain_http_site):
    make_user(username="asker")
    category = make_category(name="Security", slug="security")
    violations = _collect_csp_violations(page)
    _log_in(page, live_server, "asker", "/ask/")
    preview = page.locator("[data-preview]")
    expect(preview).to_be_hidden()

    page.locator("textarea[name=body]").fill(
        "Turn on **2FA**:\n\n1. Open settings\n2. Scan the code\n\n<script>alert(1)</script>"
    )

    expect(preview).to_be_visible()
    output = preview.locator("[data-preview-output]")
    expect(output.locator("strong")).to_have_text("2FA")
    expect(output.locator("ol li")).to_have_count(2)
    expect(output.locator("script")).to_have_count(0)
    previewed_html = output.inner_html()

    page.locator("input[name=title]").fill("How do I turn on two-factor login?")
    page.locator("select[name=category]").select_option(str(category.pk))
    page.locator("form#ask-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("How do I turn on two-factor login?")
    assert Thread.objects.get().body_html == previewed_html
    assert violations == []


def test_vote_buttons_update_in_place_and_a_second_press_withdraws(
    page, live_server, plain_http_site
):
    thread = make_thread(
        category=make_category(name="Fees", slug="fees"), title="Why was my fee so high?"
    )
    voter = make_user(username="voter")
    violations = _collect_csp_violations(page)
    _log_in(page, live_server, "voter", thread.get_absolute_url())
    up = page.locator("#question button.vote-up")
    score = page.locator("#question [data-vote-score]")
    expect(score).to_have_text("0")

    up.click()
    expect(score).to_have_text("1")
    expect(up).to_have_attribute("aria-pressed", "true")
    assert Vote.objects.get(user=voter, thread=thread).value == 1

    page.locator("#question button.vote-down").click()
    expect(score).to_have_text("-1")
    expect(up).to_have_attribute("aria-pressed", "false")

    page.locator("#question button.vote-down").click()
    expect(score).to_have_text("0")
    assert not Vote.objects.filter(thread=thread).exists()
    expect(page).to_have_url(re.compile(re.escape(thread.get_absolute_url()) + "$"))
    assert violations == []
