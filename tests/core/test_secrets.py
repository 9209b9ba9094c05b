import hashlib
import json
import random
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from mnemonic import Mnemonic

from core.secrets import ensure_no_secrets, find_secrets

BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
SHARED_SETS = Path(__file__).resolve().parents[3] / "shared" / "data" / "similar"
LISTS = ["english", "chinese_simplified", "chinese_traditional"]
STRENGTHS = {12: 128, 15: 160, 18: 192, 21: 224, 24: 256}


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English whatever an earlier test left active.
    with translation.override("en"):
        yield


def base58check(payload: bytes) -> str:
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number, encoded = int.from_bytes(data, "big"), ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = BASE58[remainder] + encoded
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + encoded


def phrase(language: str, words: int, seed: int) -> list[str]:
    entropy = random.Random(seed).randbytes(STRENGTHS[words] // 8)
    return Mnemonic(language).to_mnemonic(entropy).split()


def kinds(text: str) -> list[str]:
    return [finding.kind for finding in find_secrets(text)]


def written(words: list[str], style: str) -> str:
    return {
        "spaces": " ".join(words),
        "commas": ", ".join(words),
        "newlines": "\n".join(words),
        "numbered": " ".join(f"{number}. {word}" for number, word in enumerate(words, 1)),
        "numbered lines": "\n".join(f"{number}) {word}" for number, word in enumerate(words, 1)),
        "hashes": " ".join(f"#{number} {word}" for number, word in enumerate(words, 1)),
        "sentence": "Please help, these are my words: " + " ".join(words) + " thanks!",
    }[style]


@pytest.mark.parametrize("language", LISTS)
@pytest.mark.parametrize("words", [12, 15, 18, 21, 24])
@pytest.mark.parametrize(
    "style", ["spaces", "commas", "newlines", "numbered", "numbered lines", "hashes", "sentence"]
)
def test_find_secrets_catches_generated_phrases_however_they_are_written(language, words, style):
    for seed in range(4):
        text = written(phrase(language, words, seed), style)
        findings = find_secrets(text)
        assert [finding.kind for finding in findings] == ["mnemonic"], text
        assert findings[0].words >= 12


@pytest.mark.parametrize("language", ["chinese_simplified", "chinese_traditional"])
@pytest.mark.parametrize("words", [12, 24])
def test_find_secrets_catches_chinese_phrases_written_without_separators(language, words):
    caught = sum(bool(find_secrets("".join(phrase(language, words, seed)))) for seed in range(100))
    # A valid phrase that happens to read like ordinary Chinese is the price of zero false
    # positives on real sentences (benchmarks/secret_false_positives.py): ~1% at 12 words.
    assert caught >= (96 if words == 12 else 99)


def test_find_secrets_catches_chinese_phrases_in_a_sentence_and_with_chinese_punctuation():
    words = phrase("chinese_simplified", 12, 7)
    assert kinds(f"我的助记词是{''.join(words)}，钱包被盗了怎么办？") == ["mnemonic"]
    assert kinds("、".join(words)) == ["mnemonic"]
    assert kinds("，".join(words)) == ["mnemonic"]
    assert kinds(" ".join(f"{n}.{word}" for n, word in enumerate(words, 1))) == ["mnemonic"]


def test_find_secrets_ignores_case_and_tolerates_one_typo_or_abbreviations():
    words = phrase("english", 12, 3)
    assert kinds(" ".join(words).upper()) == ["mnemonic"]
    assert kinds(" ".join(word.capitalize() for word in words)) == ["mnemonic"]
    mistyped = words[:5] + [words[5][:-1] + "q"] + words[6:]
    assert kinds(" ".join(mistyped)) == ["mnemonic"]
    assert kinds(" ".join(word[:4] for word in words)) == ["mnemonic"]


def test_find_secrets_ignores_eleven_words_and_two_phrases_broken_by_prose():
    words = phrase("english", 24, 5)
    assert kinds(" ".join(words[:11])) == []
    broken = " ".join(words[:8]) + " and then I wrote down the rest " + " ".join(words[8:16])
    assert kinds(broken) == []


def test_find_secrets_reports_a_masked_excerpt_and_the_position():
    words = phrase("english", 12, 11)
    text = "Q: " + " ".join(words)
    (finding,) = find_secrets(text)
    assert finding.start == len("Q: ")
    assert finding.end == len(text)
    assert finding.excerpt == f"{words[0][:2]}…{words[-1][-2:]}"
    assert words[1] not in finding.excerpt


def test_find_secrets_catches_raw_hex_keys_with_or_without_0x():
    key = random.Random(1).randbytes(32).hex()
    assert kinds(key) == ["hex_key"]
    assert kinds(f"my private key is 0x{key}") == ["hex_key"]
    assert kinds(f"私钥：{key.upper()}") == ["hex_key"]
    assert find_secrets(f"0x{key}")[0].excerpt == f"0x{key[:2]}…{key[-4:]}"


def test_find_secrets_leaves_transaction_hashes_in_context_alone():
    digest = random.Random(2).randbytes(32).hex()
    assert kinds(f"txid: {digest}") == []
    assert kinds(f"The transaction hash is 0x{digest}, still pending") == []
    assert kinds(f"交易哈希 {digest} 一直没有确认") == []
    assert kinds(f"交易ID：{digest}") == []
    assert kinds(f"https://etherscan.io/tx/0x{digest}") == []
    assert kinds(f"{digest} is the hash of my transfer") == []
    assert kinds(f"SHA256 of the installer: {digest}") == []
    assert kinds(f"安装包校验值 {digest}") == []
    # Block hashes start with zeros; a random key almost never has eight of them.
    assert kinds("see 000000000000000000024bead8df69990852c202db0e0097c1a12ea637d7e96d") == []
    # The nearest clue decides: "private key" right before it beats "transaction" further away.
    assert kinds(f"Transaction failed again. Support asked for my private key: {digest}") == [
        "hex_key"
    ]


def test_find_secrets_leaves_addresses_and_public_keys_alone():
    assert kinds("send to 0x52908400098527886E0F7030069857D2E4169EE7 please") == []
    assert kinds("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq") == []
    assert kinds("1BoatSLRHtKNngkdXEeobR76b53LbqGVV and 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy") == []
    assert kinds("TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL") == []
    assert kinds("02" + random.Random(4).randbytes(32).hex()) == []  # compressed public key
    xpub = base58check(bytes.fromhex("0488b21e") + bytes(9) + bytes(32) + b"\x02" + bytes(32))
    assert kinds(xpub) == []


def test_find_secrets_catches_wif_keys_only_with_a_valid_checksum():
    secret = random.Random(5).randbytes(32)
    uncompressed = base58check(b"\x80" + secret)
    compressed = base58check(b"\x80" + secret + b"\x01")
    testnet = base58check(b"\xef" + secret + b"\x01")
    assert uncompressed[0] == "5" and compressed[0] in "KL" and testnet[0] == "c"
    assert kinds(f"WIF: {uncompressed}") == ["wif"]
    assert kinds(compressed) == ["wif"]
    assert kinds(testnet) == ["wif"]
    broken = compressed[:20] + ("A" if compressed[20] != "A" else "B") + compressed[21:]
    assert kinds(broken) == []


def test_find_secrets_catches_extended_private_keys():
    secret = random.Random(6).randbytes(32)
    xprv = base58check(bytes.fromhex("0488ade4") + bytes(9) + bytes(32) + b"\0" + secret)
    assert xprv.startswith("xprv")
    assert kinds(f"my xprv is {xprv}") == ["xprv"]
    zprv = "zprv" + xprv[4:]
    assert kinds(zprv) == ["xprv"]


@pytest.mark.parametrize(
    "text",
    [
        "I lost my phone and need to recover my wallet, what should I do first?",
        "Above all, act fast: buy a new phone, install the app and restore from your backup.",
        "The ability to absorb a large amount of traffic during the peak hour is critical.",
        "我的钱包转账到交易所一直没有到账，请问应该怎么办？已经等了三个小时了。",
        "请问一个人的性格能决定他的一生命运吗",
        "属牛的和属马的生个羊宝宝好吗",
        "谁爱着你你爱着谁是哪首歌的歌词",
        "金、木、水、火、土是五行。",
        "Abandon ship! The wallet app crashed again after the update.",
    ],
)
def test_find_secrets_leaves_ordinary_sentences_alone(text):
    assert find_secrets(text) == []


@pytest.mark.skipif(not SHARED_SETS.is_dir(), reason="the shared question sets are not here")
def test_find_secrets_blocks_nothing_in_a_sample_of_the_shared_question_sets():
    texts = []
    for path in sorted(SHARED_SETS.glob("*/*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        for row in random.Random(path.name).sample(rows, min(len(rows), 300)):
            texts += [row.get(key) for key in ("a", "b", "a_body", "b_body", "text", "body")]
    texts = [text for text in texts if text]
    assert len(texts) > 2000
    assert [text for text in texts if find_secrets(text)] == []


def test_ensure_no_secrets_explains_what_was_found_and_why_it_is_refused():
    words = phrase("english", 12, 8)
    with pytest.raises(ValidationError) as raised:
        ensure_no_secrets("Q: " + " ".join(words), field="Body")
    assert raised.value.code == "secret"
    message = raised.value.messages[0]
    assert message.startswith("Body: This looks like a wallet recovery phrase (12 words")
    assert "anyone who has it can take your funds" in message
    assert " ".join(words[1:3]) not in message
    ensure_no_secrets("How do I back up my recovery phrase safely?", field="Body")


def test_ensure_no_secrets_counts_further_secrets_in_the_message():
    key = random.Random(9).randbytes(32).hex()
    text = " ".join(phrase("chinese_simplified", 12, 1)) + f"\n私钥 {key}"
    with pytest.raises(ValidationError) as raised:
        ensure_no_secrets(text, field="Answer")
    assert "There is 1 more secret-looking item" in raised.value.messages[0]


def test_ensure_no_secrets_sees_through_html_tags_and_entities():
    words = phrase("english", 12, 12)
    tagged = " ".join(f"<b>{word}</b>" for word in words)
    assert find_secrets(tagged) == []  # the raw source alone hides the phrase
    with pytest.raises(ValidationError):
        ensure_no_secrets(tagged, field="Body")
    escaped = " ".join(f"&#{ord(word[0])};{word[1:]}" for word in words)
    with pytest.raises(ValidationError):
        ensure_no_secrets(escaped, field="Body")
    ensure_no_secrets("<b>Bold</b> &amp; fine", field="Body")
