import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from core.roles import MODERATORS_GROUP
from tests.factories import PASSWORD, make_answer, make_category, make_thread, make_user
from tests.faq.factories import make_faq_category

pytestmark = pytest.mark.browser


@pytest.fixture
def plain_http_site(settings):
    # The live server speaks http: no https redirect, cookies without the Secure flag.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_a_moderator_promotes_an_answer_and_the_faq_page_shows_it(
    page, live_server, transactional_db, plain_http_site
):
    # A transactional test starts from a flushed database: restore what the migration created.
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(Permission.objects.get(codename="moderate_forum"))
    make_user(username="mod", moderator=True)
    thread = make_thread(
        category=make_category(name="Deposits", slug="deposits"),
        title="My deposit has not arrived after an hour",
    )
    answer = make_answer(
        thread=thread,
        author=make_user(username="helper"),
        body="Check the **network** you sent on; most delays are confirmations.",
    )
    make_faq_category(name="Deposits and withdrawals")

    page.goto(f"{live_server.url}/accounts/login/?next=/t/{thread.pk}/")
    page.locator("input[name=username]").fill("mod")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").filter(has=page.locator("input[name=password]")).locator(
        "button[type=submit]"
    ).click()
    expect(page).to_have_url(re.compile(rf"/t/{thread.pk}/"))

    answer_box = page.locator(f"#answer-{answer.pk}")
    answer_box.get_by_role("link", name="Promote to FAQ").click()
    expect(page.get_by_label("Question")).to_have_value(thread.title)
    expect(page.locator("textarea[name=answer]")).to_have_value(answer.body)
    page.get_by_label("Question").fill("Why has my deposit not arrived?")
    page.get_by_label("FAQ category").select_option(label="Deposits and withdrawals")
    page.get_by_role("button", name="Add to the FAQ").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Why has my deposit not arrived?")
    expect(page.locator(".faq-credit")).to_contain_text("@helper")

    page.goto(f"{live_server.url}/faq/")
    section = page.locator(".faq-section", has_text="Deposits and withdrawals")
    entry = section.locator("summary", has_text="Why has my deposit not arrived?")
    expect(entry).to_be_visible()
    entry.click()  # the entry expands in place
    expect(section.locator(".prose strong", has_text="network")).to_be_visible()

    page.goto(f"{live_server.url}/t/{thread.pk}/")
    expect(page.locator(f"#answer-{answer.pk} .faq-mark")).to_contain_text(
        "This answer is in the FAQ"
    )
