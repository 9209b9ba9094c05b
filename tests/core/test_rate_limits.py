"""Search and suggestions refuse a visitor who asks too often: 429 with Retry-After and a
reason, per address, counted across web processes (the counters are on disk)."""

import pytest

from core import rate_limits
from tests.factories import make_thread


@pytest.fixture(autouse=True)
def clock_mid_window(monkeypatch):
    """The windows are fixed (per minute, per hour): a test that crossed a minute's end would
    start counting again halfway. Its clock stands 30 s into a minute and 30 min into an hour."""
    an_hour = 1_796_000_000 - 1_796_000_000 % 3600
    monkeypatch.setattr(rate_limits, "clock", lambda: an_hour + 1830.0)


def test_search_answers_429_with_retry_after_past_the_per_minute_limit(
    client, search_index, settings
):
    settings.WENDA_RATE_LIMITS = {**settings.WENDA_RATE_LIMITS, "search": (3, 100)}
    for _ in range(3):
        assert client.get("/search/", {"q": "提现"}).status_code == 200
    refused = client.get("/search/", {"q": "提现"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    assert "Too many searches" in refused.content.decode()


def test_suggestions_answer_429_json_with_a_reason_past_the_per_hour_limit(
    client, search_index, settings
):
    settings.WENDA_RATE_LIMITS = {**settings.WENDA_RATE_LIMITS, "similar": (100, 2)}
    make_thread(title="提现一直没到账怎么办")
    for _ in range(2):
        assert client.get("/api/similar", {"title": "提现"}).status_code == 200
    refused = client.get("/api/similar", {"title": "提现"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) <= 3600
    assert "Too many searches" in refused.json()["error"]


def test_the_limit_is_per_address(client, search_index, settings):
    settings.WENDA_RATE_LIMITS = {**settings.WENDA_RATE_LIMITS, "search": (1, 100)}
    assert client.get("/search/", {"q": "fee"}, REMOTE_ADDR="203.0.113.7").status_code == 200
    assert client.get("/search/", {"q": "fee"}, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert client.get("/search/", {"q": "fee"}, REMOTE_ADDR="198.51.100.2").status_code == 200


def test_a_chinese_reader_is_told_in_chinese(client, search_index, settings):
    settings.WENDA_RATE_LIMITS = {**settings.WENDA_RATE_LIMITS, "search": (1, 100)}
    client.get("/search/", {"q": "fee"})
    refused = client.get("/search/", {"q": "fee"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 429
    assert "搜索" in refused.content.decode()


def test_a_zero_limit_turns_the_window_off(client, search_index, settings):
    settings.WENDA_RATE_LIMITS = {**settings.WENDA_RATE_LIMITS, "search": (0, 0)}
    for _ in range(5):
        assert client.get("/search/", {"q": "fee"}).status_code == 200
