"""The header fits: one row for a signed-in staff member at 1280 px (the bell included), and a
compact header with a single "Ask a question" on a 390 px phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, make_thread, make_user

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _signed_in_home(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/?next=/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/$"))


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_a_signed_in_staff_member_gets_a_one_row_header_with_a_usable_search_box(
    plain_http_site, live_server, page
):
    make_user(username="wenda_team", display_name="Wenda 官方团队", is_staff=True)
    make_thread(title="A question so the home page lists something")
    page.set_viewport_size({"width": 1280, "height": 800})
    _signed_in_home(page, live_server, "wenda_team")
    header = _box(page, ".site-header")
    assert header["height"] < 80  # one row: nothing wrapped onto a second line
    assert _box(page, "#header-q")["width"] >= 200  # the placeholder is not cut
    language, brand = _box(page, ".language-switch"), _box(page, ".brand")
    assert abs(language["y"] - brand["y"]) < 20


def test_a_phone_gets_a_compact_header_with_one_ask_button(plain_http_site, live_server, page):
    make_user(username="member_on_phone")
    page.set_viewport_size({"width": 390, "height": 844})
    _signed_in_home(page, live_server, "member_on_phone")
    assert _box(page, ".site-header")["height"] <= 0.25 * 844
    expect(page.get_by_role("link", name="Ask a question", exact=True)).to_have_count(1)
