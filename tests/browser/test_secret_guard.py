"""The ask page checks for seed phrases and keys in the browser before it sends anything to
/api/similar (static/js/secret_guard.js), by the server's rule (core/secrets.py, shipped as
static/secrets/*.json): a pasted phrase never leaves the browser."""

import random
import re

import pytest
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.utils import translation
from mnemonic import Mnemonic
from playwright.sync_api import expect

from benchmarks.secret_false_positives import (
    SHARED_SETS,
    demo_texts,
    key_samples,
    phrase_formats,
    shared_set_texts,
)
from core.secrets import ensure_no_secrets, find_published_secrets, find_secrets
from tests.factories import PASSWORD, make_category, make_thread, make_user

# One worker runs these (pytest.ini: --dist loadgroup): two Chromiums on two cores slow all tests.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHRASE_LANGUAGES = [
    "english", "chinese_simplified", "chinese_traditional", "japanese", "spanish", "french",
    "korean", "italian", "portuguese", "czech", "turkish",
]  # fmt: skip
SHARED_SAMPLE = 300

# Cases the generators do not write: markup, entities, astral characters, hash clues.
EDGE_CASES = [
    "<b>" + "</b> <b>".join(Mnemonic("english").to_mnemonic(bytes(16)).split()) + "</b>",
    " ".join("&#97;" + word[1:] if word.startswith("a") else word
             for word in Mnemonic("english").to_mnemonic(bytes(range(16))).split()),
    "&notin; &amp &#x1F600; &#0; &#xD800; &#99999999999; &bogus; &lt;b&gt;",
    "😀 " + " 😀 ".join(Mnemonic("english").to_mnemonic(bytes(range(1, 17))).split()),
    "𠀀" + "".join(Mnemonic("chinese_simplified").to_mnemonic(bytes(range(2, 18))).split()),
    "txid: " + "ab" * 32,
    "交易tx " + "cd" * 32,
    "私钥 " + "ef" * 32 + " block",
    "0x" + "0" * 8 + "12" * 28,
    "Ünïcödé ABANDON Ability ÁBLE about above absent absorb abstract absurd abuse access acci",
    "aban abil able abou abov abse abso abst absu abus acce acci",
]  # fmt: skip


def _generated_cases() -> list[str]:
    rng = random.Random(11)
    cases = []
    for language in PHRASE_LANGUAGES:
        generator = Mnemonic(language)
        for length in (12, 15, 18, 21, 24):
            words = generator.to_mnemonic(rng.randbytes(length * 4 // 3)).split()
            cases += phrase_formats(words, rng).values()
    for texts in key_samples(rng, 10).values():
        cases += texts
    return cases


def _innocent_cases() -> list[str]:
    cases = demo_texts()
    if SHARED_SETS.is_dir():  # ../shared/data/similar, beside the checkout
        texts = sorted({text for texts in shared_set_texts().values() for text in texts})
        cases += random.Random(5).sample(texts, min(SHARED_SAMPLE, len(texts)))
    return cases


def _as_plain(findings) -> list[list]:
    return [[f.kind, f.start, f.end, f.words, f.excerpt] for f in findings]


CHECK_ALL = """async ([rulesUrl, dictionaryUrl, cases]) => {
  const get = async (url) => (await fetch(url)).json();
  const guard = WendaSecretGuard.create(await get(rulesUrl), await get(dictionaryUrl));
  const started = performance.now();
  const found = cases.map((text) => guard.findPublishedSecrets(text)
    .map((f) => [f.kind, f.start, f.end, f.words, f.excerpt]));
  return { found, ms: performance.now() - started };
}"""


def test_the_browser_rule_finds_exactly_what_the_server_finds(page, live_server, plain_http_site):
    generated, innocent = _generated_cases(), _innocent_cases()
    cases = generated + innocent + EDGE_CASES
    expected = [_as_plain(find_published_secrets(text)) for text in cases]
    page.goto(f"{live_server.url}/")
    page.add_script_tag(url=static("js/secret_guard.js"))

    answer = page.evaluate(
        CHECK_ALL, [static("secrets/rules.json"), static("secrets/zh_words.json"), cases]
    )

    differences = [
        (text[:80], want, got)
        for text, want, got in zip(cases, expected, answer["found"], strict=True)
        if want != got
    ]
    assert differences == []
    # The cases do test something: most generated texts are secrets, most innocent ones not.
    assert sum(map(bool, expected[: len(generated)])) > 0.95 * len(generated)
    assert sum(map(bool, expected[len(generated) : len(generated) + len(innocent)])) == 0
    assert len(cases) > 500
    assert answer["ms"] < 20_000


def test_the_pure_javascript_sha256_matches_hashlib(page, live_server, plain_http_site):
    import hashlib

    page.goto(f"{live_server.url}/")
    page.add_script_tag(url=static("js/secret_guard.js"))
    lengths = [0, 1, 55, 56, 63, 64, 65, 119, 1000]
    digests = page.evaluate(
        """(lengths) => lengths.map((n) => Array.from(WendaSecretGuard.sha256(
             Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 255)))
           .map((b) => b.toString(16).padStart(2, "0")).join(""))""",
        lengths,
    )
    assert digests == [
        hashlib.sha256(bytes((i * 7 + 3) & 255 for i in range(n))).hexdigest() for n in lengths
    ]


# --- the ask page ------------------------------------------------------------------------------


@pytest.fixture
def asker_on_ask_page(page, live_server, plain_http_site, disk_search_index):
    make_thread(
        category=make_category(name="Deposits", slug="deposits"),
        title="Withdrawal stuck in pending state",
        body="My withdrawal to the exchange has been pending for two days.",
    )
    make_user(username="asker")
    page.goto(f"{live_server.url}/accounts/login/?next=/ask/")
    page.locator("input[name=username]").fill("asker")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/ask/$"))
    return page


def _chinese_phrase_written_together() -> str:
    generator = Mnemonic("chinese_simplified")
    for seed in range(100):
        phrase = "".join(generator.to_mnemonic(random.Random(seed).randbytes(16)).split())
        if find_secrets(phrase):  # ~99% are caught (benchmarks/secret_false_positives.py)
            return phrase
    raise AssertionError("no generated phrase is caught")


def _server_refusal(text: str, field: str, language: str = "en") -> str:
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            ensure_no_secrets(text, field=field)
    return refused.value.messages[0]


def _wif_key() -> str:
    return key_samples(random.Random(3), 1)["WIF compressed"][0].removeprefix("key=")


def test_a_pasted_secret_is_never_sent_and_the_page_says_why(asker_on_ask_page, live_server):
    page = asker_on_ask_page
    sent, dictionary_loads = [], []
    page.on("request", lambda request: "/api/similar" in request.url and sent.append(request))
    page.on("request", lambda request: "zh_words" in request.url and dictionary_loads.append(1))
    previews = []  # the live Markdown preview POSTs the details too
    page.on("request", lambda request: "/preview/" in request.url and previews.append(request))
    title, body = page.locator("input[name=title]"), page.locator("textarea[name=body]")
    box, warning = page.locator("#similar-box"), page.locator("#secret-warning")

    title.press_sequentially("withdrawal pending for days", delay=10)
    expect(box.get_by_role("link", name=re.compile("Withdrawal stuck"))).to_be_visible()
    # The link can come from a look-up of the title's first words: let the last keystroke's
    # debounced look-up go out before counting what is sent after the paste.
    page.wait_for_timeout(600)
    assert sent and all("withdrawal" not in request.url for request in sent)  # POST, not GET
    expect(warning).to_be_hidden()

    secrets = {
        "an English phrase": " ".join(Mnemonic("english").to_mnemonic(bytes(range(16))).split()),
        "a Chinese phrase written together": _chinese_phrase_written_together(),
        "a WIF key": f"My key is {_wif_key()} please help",
    }
    for name, secret in secrets.items():
        sent.clear()
        body.fill(secret)  # as a paste: the whole text at once
        expect(warning, name).to_be_visible()
        expect(warning.locator(".secret-warning-reason"), name).to_have_text(
            _server_refusal(secret, "Details")
        )
        expect(warning, name).to_contain_text("nothing you type is sent")
        expect(box, name).to_be_hidden()
        body.blur()  # "change": the look-up that would send the details
        title.press_sequentially(" now", delay=10)
        page.wait_for_timeout(600)  # past the 250 ms debounce
        assert sent == [], f"{name} was sent to /api/similar"
        assert all(secret not in (request.post_data or "") for request in previews), (
            f"{name} was sent to /preview/"
        )
        expect(page.locator("[data-preview-output]"), name).to_have_class(
            re.compile("preview-error")
        )
        title.fill("withdrawal pending for days")

    # English and keys need no dictionary; the Chinese phrase fetched it once.
    assert len(dictionary_loads) == 1
    body.fill("It has been pending since Monday.")
    expect(warning).to_be_hidden()
    body.blur()
    expect(box.get_by_role("link", name=re.compile("Withdrawal stuck"))).to_be_visible()
    assert sent and all(request.method == "POST" for request in sent)
    # A clean text is previewed as before.
    expect(page.locator("[data-preview-output]")).to_have_text("It has been pending since Monday.")
    assert any("Monday" in (request.post_data or "") for request in previews)


def test_a_phrase_in_the_title_is_not_sent_either(asker_on_ask_page):
    page = asker_on_ask_page
    sent = []
    page.on("request", lambda request: "/api/similar" in request.url and sent.append(request))
    phrase = Mnemonic("english").to_mnemonic(bytes(range(5, 21)))
    page.locator("input[name=title]").fill(phrase)
    warning = page.locator("#secret-warning")
    expect(warning).to_be_visible()
    expect(warning.locator(".secret-warning-reason")).to_have_text(_server_refusal(phrase, "Title"))
    page.wait_for_timeout(600)
    assert sent == []


def test_the_warning_is_in_chinese_on_the_chinese_page(asker_on_ask_page, live_server):
    page = asker_on_ask_page
    page.context.add_cookies(
        [{"name": "django_language", "value": "zh-hans", "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/ask/")
    phrase = Mnemonic("english").to_mnemonic(bytes(range(16)))
    page.locator("textarea[name=body]").fill(phrase)
    with translation.override("zh-hans"):
        expected = _server_refusal(phrase, translation.gettext("Details"), language="zh-hans")
    assert "助记词" in expected
    expect(page.locator("#secret-warning .secret-warning-reason")).to_have_text(expected)
    expect(page.locator("#secret-warning .secret-warning-paused")).to_have_text(
        "在删除它之前，您输入的内容不会被发送去查找相似问题。"
    )


def test_posting_a_question_with_a_phrase_keeps_it_in_the_browser(asker_on_ask_page, live_server):
    page = asker_on_ask_page
    posts = []
    page.on(
        "request",
        lambda request: request.method == "POST" and "/ask/" in request.url and posts.append(1),
    )
    phrase = Mnemonic("english").to_mnemonic(bytes(range(7, 23)))
    page.locator("input[name=title]").fill("My wallet was emptied")
    page.locator("textarea[name=body]").fill(f"These were my words: {phrase}")
    page.get_by_label("Category").select_option(label="Deposits")

    page.get_by_role("button", name="Post your question").click()

    warning = page.locator("#secret-warning")
    expect(warning).to_be_visible()
    expect(warning).to_be_focused()
    page.wait_for_timeout(300)
    assert posts == []
    expect(page).to_have_url(re.compile(r"/ask/$"))

    page.locator("textarea[name=body]").fill("Everything went to an address I do not know.")
    page.get_by_role("button", name="Post your question").click()
    expect(page.get_by_role("heading", name="My wallet was emptied")).to_be_visible()
    assert posts == [1]
