"""Spot wallet secrets (seed phrases, private keys) in text before it is published.

Pure text analysis: no models, no settings. Services call ``ensure_no_secrets()`` on what a user
is about to publish; ``find_secrets()`` is also used by the ``scan_secrets`` command and by
``benchmarks/secret_false_positives.py``, which measures the false-positive and recall figures
the thresholds below were chosen with.

What counts as a secret, and why each rule is shaped the way it is:

* BIP-39 recovery phrase, word lists (English and the other alphabetic lists shipped by the
  ``mnemonic`` package): a run of at least 12 list words separated only by spaces, punctuation
  or numbering ("1. abandon 2) ability #3 able"). Checksums are *not* required: people mistype
  their phrase, and a mistyped phrase is still most of a secret. One word of the run may be a
  typo (one edit away from a list word) or a 4-letter abbreviation (BIP-39 words are unique in
  their first four letters, and wallets print them that way). Ordinary prose almost never
  strings 12 list words together, because the lists leave out "the", "is", "to", "my"...
* Chinese lists, characters separated ("的 一 是", "1.的 2.一", "的、一、是"): each character is
  one word, so a run of 12 separated list characters is a phrase (one may be a typo).
* Chinese lists, characters written together ("的一是在不了有和人这中大"): the 2048 list
  characters are the most common ones, so ordinary sentences contain long runs of them. A run is
  flagged only when a 12/15/18/21/24-character window of it both has a valid BIP-39 checksum and
  reads like random characters, or reads like *very* random characters (a mistyped phrase fails
  the checksum). "Random" is measured twice: jieba finds few multi-character words in it, and
  its characters are rare for text (the lists are ordered by frequency, so a random draw has a
  high mean log-rank while real sentences lean on 的, 我, 了).
* A raw private key: 64 hexadecimal characters, with or without 0x, unless the nearest clue
  around it says it is a transaction or block hash (txid, tx hash, 交易哈希, /tx/ ...) or it
  starts with 8 zeros (block hashes do; a random key almost never does).
* WIF private keys: base58 strings starting like one (5/K/L Bitcoin, 9/c testnet, 6/T/Q
  Litecoin and Dogecoin) whose base58check checksum is valid and whose payload is a version
  byte + 32 key bytes (+ 0x01 for compressed keys). Addresses carry 20-byte payloads, so they
  never match.
* Extended private keys: xprv/yprv/zprv/tprv/uprv/vprv (and the upper-case multisig forms)
  followed by at least 100 base58 characters, checksum or not.
"""

import hashlib
import html
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from mnemonic import Mnemonic

try:  # rjieba ships jieba's dictionary compiled into a Rust extension: fast, no load time.
    import rjieba as _segmenter
except ImportError:  # pragma: no cover - jieba (pinned) gives the same segmentation, slower
    from core.logs import import_jieba

    _segmenter = import_jieba()

MNEMONIC_LENGTHS = (12, 15, 18, 21, 24)
MIN_WORDS = MNEMONIC_LENGTHS[0]
WORD_LANGUAGES = (
    "english",
    "spanish",
    "french",
    "italian",
    "portuguese",
    "czech",
    "turkish",
    "russian",
    "korean",
    "japanese",
)
CHINESE_LANGUAGES = ("chinese_simplified", "chinese_traditional")
# BIP-39 words are unique in their first four letters; the English list is printed that way.
ABBREVIATION_LANGUAGES = ("english",)
ABBREVIATION_LENGTH = 4
MIN_ABBREVIATIONS = 6  # a run counts as written in abbreviations from this many
MIN_TYPO_LENGTH = 3  # shorter tokens are too often one edit from some list word
HASH_ZERO_PREFIX = 8  # hex digests starting with this many zeros are block hashes
WIF_PAYLOAD_LENGTH = 33

# Thresholds for characters written together, chosen with benchmarks/secret_false_positives.py:
# no text of the shared question sets is refused (2 of their windows pass the randomness test and
# then fail the checksum) while ~99% of generated phrases are caught.
RANDOM_MAX_WORD_SHARE = 0.25  # share of characters inside a multi-character jieba word
RANDOM_MIN_MEAN_LOG_RANK = 5.5  # mean ln(1 + list index); uniform draws average ~6.6
VERY_RANDOM_MAX_WORD_SHARE = 0.0
VERY_RANDOM_MIN_MEAN_LOG_RANK = 6.0

TX_CONTEXT_BEFORE = 80  # characters searched for a clue before a 64-hex string
TX_CONTEXT_AFTER = 40

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Letters plus combining marks, so decomposed (NFKD) "ábaco" or "が" stays one word.
_LETTERS = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u3099\u309a])+")
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58 = f"[{_BASE58}]"
_HEX_KEY = re.compile(r"(?<![0-9A-Za-z_])(?:0[xX])?([0-9a-fA-F]{64})(?![0-9A-Za-z_])")
_WIF = re.compile(rf"(?<!{_B58})[59cKLTQ6]{_B58}{{49,52}}(?!{_B58})")
_XPRV = re.compile(rf"(?<!{_B58})[xyztuvYZUV]prv{_B58}{{100,}}")
# Clues that a 64-hex string is a public digest: transactions, blocks, file checksums (wallet
# downloads publish SHA-256 sums), event topics.
_TX_CLUES = re.compile(
    r"tx[\s_-]*(?:id|hash)|txn|/tx/|\btx\b|transaction|hash|block|sha-?(?:256|3)|checksum|digest"
    r"|keccak|merkle|topic|bytes32|fingerprint|交易|哈希|区块|區塊|校验|校驗|摘要|指纹|指紋",
    re.IGNORECASE,
)
_HTML_TAG = re.compile(r"<[^>]*>")
_KEY_CLUES = re.compile(r"priv(?:ate)?[\s_-]*key|privkey|secret|私钥|私鑰|密钥|密鑰", re.IGNORECASE)
# Between two words of a phrase: spaces, punctuation, numbering (1. 2) #3 ①), nothing else.
_MAX_GAP = 12


@dataclass(frozen=True)
class SecretFinding:
    kind: str  # "mnemonic", "hex_key", "wif", "xprv"
    excerpt: str  # masked: enough to locate it, never the secret itself
    start: int
    end: int
    words: int = 0  # mnemonic length in words


# --- word lists ------------------------------------------------------------------------------


def _fold(word: str) -> str:
    """Lower case without accents: how people type list words on any keyboard."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True)
class _WordList:
    words: dict  # folded word -> index
    near: frozenset  # one-deletion variants of every word, for typo tolerance
    prefixes: frozenset  # 4-letter abbreviations that name exactly one word


@cache
def _word_list(language: str) -> _WordList:
    words = {_fold(word): index for index, word in enumerate(Mnemonic(language).wordlist)}
    near = {word[:i] + word[i + 1 :] for word in words for i in range(len(word))}
    counts: dict[str, int] = {}
    for word in words:
        if len(word) > ABBREVIATION_LENGTH:
            prefix = word[:ABBREVIATION_LENGTH]
            counts[prefix] = counts.get(prefix, 0) + 1
    prefixes = {prefix for prefix, count in counts.items() if count == 1 and prefix not in words}
    return _WordList(words=words, near=frozenset(near | set(words)), prefixes=frozenset(prefixes))


def _is_typo(token: str, word_list: _WordList) -> bool:
    """One insertion, deletion, substitution or swap away from a list word (symmetric deletes)."""
    if len(token) < MIN_TYPO_LENGTH:
        return False
    if token in word_list.near:
        return True
    return any(token[:i] + token[i + 1 :] in word_list.near for i in range(len(token)))


def _is_separator(gap: str) -> bool:
    return len(gap) <= _MAX_GAP and not any(char.isalpha() for char in gap)


def _word_tokens(text: str) -> list[tuple[str, int, int]]:
    """Letter runs, with Han characters removed (they break a word phrase)."""
    tokens = []
    for match in _LETTERS.finditer(text):
        for part in re.finditer(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", match.group()):
            tokens.append((part.group(), match.start() + part.start(), match.start() + part.end()))
    return tokens


def _runs(tokens, text: str, classify, min_words: int = MIN_WORDS) -> list[tuple]:
    """Longest runs of tokens joined by separators with at most one inexact token each.

    ``classify(token)`` says "exact", "near" (typo, abbreviation) or None. Returns
    (first, last, count) token indexes of runs of at least ``min_words`` tokens; runs may
    overlap (around an inexact token), ``find_secrets`` merges them.
    """
    kinds = [classify(token) for token, _start, _end in tokens]
    runs = []
    first, inexact_at = 0, None
    for index, kind in enumerate(kinds):
        joined = index > first and _is_separator(text[tokens[index - 1][2] : tokens[index][1]])
        if kind is None or not joined:
            if index - first >= min_words and kinds[first] is not None:
                runs.append((first, index - 1))
            first, inexact_at = index, None
            if kind is None:
                first = index + 1
            elif kind == "near":
                inexact_at = index
            continue
        if kind == "near":
            if inexact_at is not None:
                if index - first >= min_words:
                    runs.append((first, index - 1))
                first = inexact_at + 1
            inexact_at = index
    if len(kinds) - first >= min_words:
        runs.append((first, len(kinds) - 1))
    trimmed = []
    for first, last in runs:
        # An inexact word at an edge is more likely prose ("phrase" is one edit from a list word
        # "praise" in two steps) than a typo: drop it when the run stays long enough.
        if kinds[first] == "near" and last - first >= min_words:
            first += 1
        if kinds[last] == "near" and last - first >= min_words:
            last -= 1
        trimmed.append((first, last, last - first + 1))
    return trimmed


def _find_word_phrases(text: str) -> list[SecretFinding]:
    tokens = [(_fold(token), start, end) for token, start, end in _word_tokens(text)]
    if len(tokens) < MIN_WORDS:
        return []
    findings = []
    for language in WORD_LANGUAGES:
        word_list = _word_list(language)
        abbreviations = word_list.prefixes if language in ABBREVIATION_LANGUAGES else frozenset()

        def classify(token, word_list=word_list, abbreviations=abbreviations):
            if token in word_list.words:
                return "exact"
            if token in abbreviations or _is_typo(token, word_list):
                return "near"
            return None

        known = word_list.words.keys() | abbreviations
        if sum(1 for token, _s, _e in tokens if token in known) < MIN_WORDS - 1:
            continue
        findings += _abbreviated_runs(tokens, text, word_list, abbreviations)
        for first, last, count in _runs(tokens, text, classify):
            findings.append(_phrase_finding(text, tokens[first][1], tokens[last][2], count))
    return findings


def _abbreviated_runs(tokens, text, word_list, abbreviations) -> list[SecretFinding]:
    """A phrase written entirely as 4-letter abbreviations (English list)."""
    if not abbreviations:
        return []

    def classify(token):
        return "exact" if token in abbreviations or token in word_list.words else None

    findings = []
    for first, last, count in _runs(tokens, text, classify):
        if (
            sum(1 for token, _s, _e in tokens[first : last + 1] if token in abbreviations)
            >= MIN_ABBREVIATIONS
        ):
            findings.append(_phrase_finding(text, tokens[first][1], tokens[last][2], count))
    return findings


# --- Chinese lists -------------------------------------------------------------------------


@cache
def _chinese_list(language: str) -> dict:
    return {char: index for index, char in enumerate(Mnemonic(language).wordlist)}


def _han_chars(text: str) -> list[tuple[str, int]]:
    return [(match.group(), match.start()) for match in _HAN.finditer(text)]


def _find_separated_chinese(text: str) -> list[SecretFinding]:
    """Single list characters each standing alone between separators: "的 一 是 在 ..."."""
    alone = []
    for char, position in _han_chars(text):
        before = text[position - 1] if position else " "
        after = text[position + 1] if position + 1 < len(text) else " "
        if not (before.isalpha() or after.isalpha()):
            alone.append((char, position, position + 1))
    findings = []
    for language in CHINESE_LANGUAGES:
        chars = _chinese_list(language)

        def classify(token, chars=chars):
            return "exact" if token in chars else "near"

        for first, last, count in _runs(alone, text, classify):
            findings.append(_phrase_finding(text, alone[first][1], alone[last][2], count))
    return findings


def _checksum_ok(indexes: list[int]) -> bool:
    bits = "".join(format(index, "011b") for index in indexes)
    checksum_length = len(bits) // 33
    entropy_bits = bits[:-checksum_length]
    entropy = int(entropy_bits, 2).to_bytes(len(entropy_bits) // 8, "big")
    digest = format(hashlib.sha256(entropy).digest()[0], "08b")
    return bits[-checksum_length:] == digest[:checksum_length]


def _chinese_word_cover(run: str, language: str) -> list[bool]:
    """Per character: is it inside a multi-character dictionary word (jieba, no HMM)?"""
    if language == "chinese_traditional":
        run = _to_simplified(run)
    covered = []
    for word in (
        _segmenter.cut(run, hmm=False)
        if _segmenter.__name__ == "rjieba"
        else (_segmenter.lcut(run, HMM=False))
    ):
        covered += [len(word) > 1] * len(word)
    return covered


@cache
def _traditional_converter():
    import opencc

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    converted = _traditional_converter().convert(text)
    # t2s maps character by character here; keep positions aligned if it ever does not.
    return converted if len(converted) == len(text) else text


def _find_joined_chinese(text: str) -> list[SecretFinding]:
    """Runs of list characters written together (separators between them are skipped)."""
    han = _han_chars(text)
    findings = []
    for language in CHINESE_LANGUAGES:
        chars = _chinese_list(language)
        for run in _joined_runs(han, text, chars):
            findings += _random_windows(run, language, chars, text)
    return findings


def _joined_runs(han, text, chars) -> list[list[tuple[str, int]]]:
    runs, current = [], []
    for char, position in han:
        if char in chars and (not current or _is_separator(text[current[-1][1] + 1 : position])):
            current.append((char, position))
            continue
        if len(current) >= MIN_WORDS:
            runs.append(current)
        current = [(char, position)] if char in chars else []
    if len(current) >= MIN_WORDS:
        runs.append(current)
    return runs


def _random_windows(run, language, chars, text) -> list[SecretFinding]:
    """One finding for the run: its longest checksum-valid random window, else a very random one."""
    string = "".join(char for char, _position in run)
    indexes = [chars[char] for char in string]
    covered = list(accumulate(_chinese_word_cover(string, language), initial=0))
    log_ranks = list(accumulate((math.log(index + 1) for index in indexes), initial=0.0))

    def looks_random(start, length, max_share, min_rank):
        end = start + length
        return (covered[end] - covered[start]) / length <= max_share and (
            log_ranks[end] - log_ranks[start]
        ) / length >= min_rank

    found = None
    for length in reversed(MNEMONIC_LENGTHS):
        found = next(
            (
                start
                for start in range(len(string) - length + 1)
                if looks_random(start, length, RANDOM_MAX_WORD_SHARE, RANDOM_MIN_MEAN_LOG_RANK)
                and _checksum_ok(indexes[start : start + length])
            ),
            None,
        )
        if found is not None:
            break
    if found is None:
        length = MIN_WORDS
        found = next(
            (
                start
                for start in range(len(string) - length + 1)
                if looks_random(
                    start, length, VERY_RANDOM_MAX_WORD_SHARE, VERY_RANDOM_MIN_MEAN_LOG_RANK
                )
            ),
            None,
        )
    if found is None:
        return []
    return [_phrase_finding(text, run[found][1], run[found + length - 1][1] + 1, length)]


def _phrase_finding(text: str, start: int, end: int, words: int) -> SecretFinding:
    phrase = text[start:end]
    keep = 1 if _HAN.match(phrase) else 2
    return SecretFinding(
        kind="mnemonic",
        excerpt=f"{phrase[:keep]}…{phrase[-keep:]}",
        start=start,
        end=end,
        words=words,
    )


# --- keys ----------------------------------------------------------------------------------


def _base58_decode(value: str) -> bytes:
    number = 0
    for char in value:
        number = number * 58 + _BASE58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\x00" * (len(value) - len(value.lstrip("1"))) + body


def _is_wif(candidate: str) -> bool:
    raw = _base58_decode(candidate)
    payload, checksum = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != checksum:
        return False
    # A version byte and 32 key bytes, + 0x01 for a compressed key (addresses carry 20 bytes).
    return len(payload) == WIF_PAYLOAD_LENGTH or (
        len(payload) == WIF_PAYLOAD_LENGTH + 1 and payload[-1] == 1
    )


def _looks_like_tx_hash(text: str, start: int, end: int) -> bool:
    """The nearest clue around the hex string decides: a hash clue, unless a key clue is closer."""
    before = text[max(0, start - TX_CONTEXT_BEFORE) : start]
    after = text[end : end + TX_CONTEXT_AFTER]

    def distance(pattern):
        distances = [len(before) - match.end() for match in pattern.finditer(before)]
        distances += [match.start() for match in pattern.finditer(after)]
        return min(distances, default=None)

    tx, key = distance(_TX_CLUES), distance(_KEY_CLUES)
    return tx is not None and (key is None or tx < key)


def _find_keys(text: str) -> list[SecretFinding]:
    findings = []
    for match in _HEX_KEY.finditer(text):
        if match.group(1).startswith("0" * HASH_ZERO_PREFIX) or _looks_like_tx_hash(
            text, *match.span()
        ):
            continue
        findings.append(_key_finding("hex_key", match))
    for match in _WIF.finditer(text):
        if _is_wif(match.group()):
            findings.append(_key_finding("wif", match))
    for match in _XPRV.finditer(text):
        findings.append(_key_finding("xprv", match))
    return findings


def _key_finding(kind: str, match: re.Match) -> SecretFinding:
    value = match.group()
    return SecretFinding(
        kind=kind, excerpt=f"{value[:4]}…{value[-4:]}", start=match.start(), end=match.end()
    )


# --- public API ----------------------------------------------------------------------------


def find_secrets(text: str) -> list[SecretFinding]:
    """Every secret found in ``text``, in order of position, overlapping matches merged."""
    if not text:
        return []
    findings = _find_keys(text) + _find_word_phrases(text)
    if len(_HAN.findall(text)) >= MIN_WORDS:
        findings += _find_separated_chinese(text) + _find_joined_chinese(text)
    findings.sort(key=lambda finding: (finding.start, -(finding.end - finding.start)))
    merged: list[SecretFinding] = []
    for finding in findings:
        if merged and finding.start < merged[-1].end:
            continue
        merged.append(finding)
    return merged


def _what_templates(words: int) -> dict[str, str]:
    """Per kind of finding, what it looks like (placeholders %(count)d and %(excerpt)s left in)."""
    return {
        "mnemonic": ngettext(
            "This looks like a wallet recovery phrase (%(count)d word, “%(excerpt)s”).",
            "This looks like a wallet recovery phrase (%(count)d words, “%(excerpt)s”).",
            words,
        ),
        "hex_key": _(
            "This looks like a private key (64 hexadecimal characters, “%(excerpt)s”). If it is "
            "a transaction hash, write “txid” or “transaction hash” just before it."
        ),
        "wif": _("This looks like a private key in WIF format (“%(excerpt)s”)."),
        "xprv": _(
            "This looks like an extended private key (“%(excerpt)s”), which controls every "
            "address of a wallet."
        ),
    }


def _refusal_template() -> str:
    return _(
        "%(field)s: %(what)s Never share it: anyone who has it can take your funds. "
        "Remove it and post again."
    )


def _more_template(count: int) -> str:
    return ngettext(
        "There is %(count)d more secret-looking item in the text.",
        "There are %(count)d more secret-looking items in the text.",
        count,
    )


def describe(finding: SecretFinding) -> str:
    """Why this is refused, in the user's language."""
    template = _what_templates(finding.words)[finding.kind]
    return template % {"count": finding.words, "excerpt": finding.excerpt}


def browser_messages() -> dict:
    """The refusal's texts with their placeholders, for the ask page's check in the browser
    (static/js/secret_guard.js formats them as ``ensure_no_secrets`` does). Plural forms are
    taken at a phrase's smallest length and at 2 more items: both site languages use one form
    for every count from 2 on, and a phrase has at least MIN_WORDS words."""
    return {
        "what": _what_templates(MIN_WORDS),
        "refusal": _refusal_template(),
        "more_one": _more_template(1),
        "more_many": _more_template(2),
        "joined": _("%(first)s %(second)s"),
    }


def _as_displayed(text: str) -> str:
    """Markdown source with HTML tags and entities resolved, as readers would see the words."""
    return html.unescape(_HTML_TAG.sub(" ", text))


def find_published_secrets(text: str) -> list[SecretFinding]:
    """What ``ensure_no_secrets`` refuses: secrets in the source, or in the text as displayed
    ("<b>abandon</b> <b>ability</b>..." or "&#97;bandon" still publish the words). Positions
    of the second kind refer to the displayed text."""
    findings = find_secrets(text)
    if not findings and ("<" in text or "&" in text):
        findings = find_secrets(_as_displayed(text))
    return findings


def ensure_no_secrets(text: str, *, field: str) -> None:
    """Refuse text that would publish a secret; the message says what was found and why."""
    findings = find_published_secrets(text)
    if not findings:
        return
    message = _refusal_template() % {"field": field, "what": describe(findings[0])}
    if len(findings) > 1:
        more = _more_template(len(findings) - 1) % {"count": len(findings) - 1}
        message = _("%(first)s %(second)s") % {"first": message, "second": more}
    raise ValidationError(message, code="secret")
