import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, make_answer, make_category, make_thread, make_user

# One worker runs these (pytest.ini: --dist loadgroup): two Chromiums on two cores slow all tests.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def forum_with_answers(transactional_db, disk_search_index):
    """Existing threads written through the services; their commit hooks write the on-disk index
    that the live server's threads read."""
    category = make_category(name="Deposits", slug="deposits")
    chinese = make_thread(
        category=category,
        title="充值一直没有到账怎么办",
        body="我昨天充值了USDT，到现在还没有到账。",
    )
    english = make_thread(
        category=category,
        title="Withdrawal stuck in pending state",
        body="My withdrawal to the exchange has been pending for two days.",
    )
    make_answer(thread=english, body="Pending withdrawals clear after network confirmations.")
    make_thread(
        category=category,
        title="How to change the app language",
        body="Where is the language setting?",
    )
    make_user(username="asker")
    return {"chinese": chinese, "english": english}


def _log_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/?next=/ask/")
    page.locator("input[name=username]").fill("asker")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/ask/$"))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("充值没到账", "chinese"),
        ("withdrawal pending for days", "english"),
    ],
)
def test_typing_a_title_on_the_ask_page_lists_the_matching_existing_thread(
    page, live_server, forum_with_answers, typed, expected
):
    thread = forum_with_answers[expected]
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message))
    _log_in(page, live_server)
    box = page.locator("#similar-box")
    expect(box).to_be_hidden()

    page.locator("input[name=title]").press_sequentially(typed, delay=20)

    expect(box).to_be_visible()
    expect(box.locator(".similar-heading")).to_have_text("Does one of these answer your question?")
    link = box.get_by_role("link", name=re.compile(re.escape(thread.title)))
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", thread.get_absolute_url())
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener")
    expect(page.locator("#similar-status")).to_contain_text("similar question")
    # Keyboard: Down from the title reaches the suggestions.
    page.locator("input[name=title]").press("ArrowDown")
    expect(box.locator("a").first).to_be_focused()
    assert [message.text for message in console_errors] == []  # e.g. CSP violations


def test_a_new_title_replaces_the_suggestions_of_the_old_one(page, live_server, forum_with_answers):
    _log_in(page, live_server)
    box, title = page.locator("#similar-box"), page.locator("input[name=title]")
    title.press_sequentially("withdrawal pending for days", delay=10)
    english = box.get_by_role("link", name=re.compile("Withdrawal stuck"))
    expect(english).to_be_visible()
    title.fill("")
    title.press_sequentially("充值没到账", delay=10)
    expect(box.get_by_role("link", name=re.compile("充值一直没有到账"))).to_be_visible()
    expect(english).to_have_count(0)
    title.fill("")
    expect(box).to_be_hidden()


def test_an_english_title_lists_the_chinese_faq_entry_labelled_with_its_language(
    page, live_server, forum_with_answers, disk_search_index, sentence_model
):
    from tests.faq.factories import make_faq_entry

    entry = make_faq_entry(
        created_by=make_user(is_staff=True),
        question="钱包密码忘了怎么重置？",
        answer="在登录页点击“忘记密码”，按提示用助记词恢复。",
        language="zh-hans",
    )
    assert disk_search_index.background_encoder.wait_idle(timeout=60)
    _log_in(page, live_server)
    page.locator("input[name=title]").press_sequentially(
        "I forgot my wallet password, how do I reset it?", delay=5
    )
    box = page.locator("#similar-box")
    link = box.get_by_role("link", name=re.compile(re.escape(entry.question)))
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", entry.get_absolute_url())
    expect(link.locator(".similar-language")).to_have_text("中文")
    expect(link.locator(".similar-language")).to_have_attribute("lang", "zh-hans")
    # The English thread in the page's own language carries no label.
    expect(box.locator(".similar-language")).to_have_count(1)
