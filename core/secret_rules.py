"""core/secrets.py's rule as data, for the ask page's check in the browser.

static/js/secret_guard.js runs the same rule as ``find_published_secrets`` before the ask page
sends anything to /api/similar, so a pasted recovery phrase never leaves the browser. It reads
every list, threshold and pattern from two static files written here (``manage.py
export_secret_rules``) and committed; tests/core/test_secret_rules.py fails when they differ
from what the server uses, so the two cannot drift:

* ``rules.json``: the constants of core/secrets.py, its patterns rewritten for JavaScript, the
  folded word lists of the ``mnemonic`` package, the Unicode classes Python's ``re`` and
  ``unicodedata`` use (so the browser tokenises as the server does whatever its own Unicode
  tables say), and html.unescape's entity tables (the "as displayed" check).
* ``zh_words.json``: what the "characters written together" case needs of jieba and OpenCC,
  reduced to the characters a Chinese list can produce: the dictionary words made only of them
  with their frequencies and the dictionary's total (jieba's max-probability route without HMM
  is computed from these alone), and OpenCC's t2s phrases and characters over the traditional
  list. It is large (~2.9 MB, ~1.2 MB gzipped), so the browser loads it only when a text has a
  run of 12 list characters written together.

Positions are counted in code points, as in Python.
"""

import html
import html.entities
import json
import re
import sys
import unicodedata
from functools import cache
from pathlib import Path

from django.conf import settings
from mnemonic import Mnemonic

from core import secrets

RULES_FILE = "rules.json"
DICTIONARY_FILE = "zh_words.json"
# Bump when the JSON's shape changes, so a cached old file is not read by new code.
FORMAT_VERSION = 1


def output_dir() -> Path:
    return Path(settings.BASE_DIR) / "static" / "secrets"


# --- Unicode classes -------------------------------------------------------------------------


def _class(predicate) -> str:
    """A JavaScript (u flag) character class body of every code point where predicate holds."""
    ranges, start = [], None
    for code in range(sys.maxunicode + 2):
        inside = code <= sys.maxunicode and not 0xD800 <= code <= 0xDFFF and predicate(chr(code))
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            ranges.append((start, code - 1))
            start = None
    return "".join(
        f"\\u{{{low:x}}}" if low == high else f"\\u{{{low:x}}}-\\u{{{high:x}}}"
        for low, high in ranges
    )


@cache
def _unicode_classes() -> dict[str, str]:
    letters = re.compile(secrets._LETTERS.pattern.removesuffix("+"))
    word = re.compile(r"\w")
    space = re.compile(r"\s")
    return {
        # _LETTERS' "[^\W\d_]" and marks: Python's \w is Unicode, JavaScript's is ASCII.
        "letter": _class(lambda char: letters.fullmatch(char) is not None),
        "alpha": _class(str.isalpha),  # str.isalpha, in separators and "alone" characters
        "combining": _class(lambda char: unicodedata.combining(char) != 0),  # what _fold drops
        "word": _class(lambda char: word.fullmatch(char) is not None),  # for \b
        "space": _class(lambda char: space.fullmatch(char) is not None),
    }


def _to_javascript(pattern: str) -> str:
    r"""A Python pattern of core/secrets.py as JavaScript (flags "u", plus "i" where Python
    ignores case). \b and \s become Python's Unicode classes, written %word% and %space% for
    the browser to fill in from "unicode"; the patterns use no other construct that differs
    between the two."""
    unsupported = re.findall(r"\\[wWdDBAZ]|\(\?P|\(\?[aiLmsux]|%", pattern)
    if unsupported:
        raise ValueError(f"no JavaScript form for {unsupported} in {pattern!r}")
    boundary = "(?:(?<=[%word%])(?![%word%])|(?<![%word%])(?=[%word%]))"
    out, in_class, index = [], False, 0
    while index < len(pattern):
        char = pattern[index]
        pair = pattern[index : index + 2]
        if pair in ("\\s", "\\b") and (pair == "\\s" or not in_class):
            # Inside a class (Python's [\s_-]) the space class is spliced in without brackets.
            out.append("%space%" if in_class else "[%space%]" if pair == "\\s" else boundary)
            index += 2
            continue
        if char == "\\":
            out.append(pair)
            index += 2
            continue
        in_class = (in_class and char != "]") or (not in_class and char == "[")
        out.append(char)
        index += 1
    return "".join(out)


def _pattern(compiled: re.Pattern) -> dict:
    flags = "u" + ("i" if compiled.flags & re.IGNORECASE else "")
    return {"source": _to_javascript(compiled.pattern), "flags": flags}


# --- rules.json ------------------------------------------------------------------------------


def _folded_list(language: str) -> list[str]:
    # In list order: a folded word's index is its last occurrence, as in secrets._word_list.
    return [secrets._fold(word) for word in Mnemonic(language).wordlist]


def _html_tables() -> dict:
    import html as html_module

    invalid_codepoints = html_module._invalid_codepoints  # the set html.unescape drops
    return {
        "entities": html.entities.html5,
        "invalid_charrefs": {
            str(code): text for code, text in html_module._invalid_charrefs.items()
        },
        "invalid_codepoints": sorted(invalid_codepoints),
        "charref": _pattern(html_module._charref),
    }


def rules() -> dict:
    return {
        "version": FORMAT_VERSION,
        "mnemonic_lengths": list(secrets.MNEMONIC_LENGTHS),
        "min_words": secrets.MIN_WORDS,
        "max_gap": secrets._MAX_GAP,
        "random": {
            "max_word_share": secrets.RANDOM_MAX_WORD_SHARE,
            "min_mean_log_rank": secrets.RANDOM_MIN_MEAN_LOG_RANK,
        },
        "very_random": {
            "max_word_share": secrets.VERY_RANDOM_MAX_WORD_SHARE,
            "min_mean_log_rank": secrets.VERY_RANDOM_MIN_MEAN_LOG_RANK,
        },
        "abbreviation_languages": list(secrets.ABBREVIATION_LANGUAGES),
        "abbreviation_length": secrets.ABBREVIATION_LENGTH,
        "min_abbreviations": secrets.MIN_ABBREVIATIONS,
        "min_typo_length": secrets.MIN_TYPO_LENGTH,
        "hash_zero_prefix": secrets.HASH_ZERO_PREFIX,
        "wif_payload_length": secrets.WIF_PAYLOAD_LENGTH,
        "tx_context_before": secrets.TX_CONTEXT_BEFORE,
        "tx_context_after": secrets.TX_CONTEXT_AFTER,
        "base58": secrets._BASE58,
        "word_languages": list(secrets.WORD_LANGUAGES),
        "chinese_languages": list(secrets.CHINESE_LANGUAGES),
        "word_lists": {language: _folded_list(language) for language in secrets.WORD_LANGUAGES},
        "chinese_lists": {
            language: list(Mnemonic(language).wordlist) for language in secrets.CHINESE_LANGUAGES
        },
        "traditional_language": "chinese_traditional",  # converted to simplified for jieba
        "patterns": {
            "han": _pattern(secrets._HAN),
            "hex_key": _pattern(secrets._HEX_KEY),
            "wif": _pattern(secrets._WIF),
            "xprv": _pattern(secrets._XPRV),
            "tx_clues": _pattern(secrets._TX_CLUES),
            "key_clues": _pattern(secrets._KEY_CLUES),
            "html_tag": _pattern(secrets._HTML_TAG),
        },
        "unicode": {
            name: _unicode_classes()[name]
            for name in ("letter", "alpha", "combining", "word", "space")
        },
        "html": _html_tables(),
    }


# --- zh_words.json ---------------------------------------------------------------------------


def _jieba_dictionary() -> Path:
    # The pinned jieba's dictionary; rjieba (what the server segments with) compiles in the same
    # one: tests/browser/test_secret_guard.py checks the browser agrees with the server.
    import jieba

    return Path(jieba.__file__).parent / "dict.txt"


def _opencc_file(name: str) -> Path:
    import opencc

    return Path(opencc.__file__).parent / "dictionary" / name


def _opencc_table(name: str, keep) -> dict[str, str]:
    table = {}
    for line in _opencc_file(name).read_text(encoding="utf-8").splitlines():
        key, value = line.split("\t")
        if keep(key):
            table[key] = value.split(" ")[0]  # OpenCC's first mapping, as opencc.py takes it
    return table


def dictionary() -> dict:
    traditional = set(Mnemonic("chinese_traditional").wordlist)
    phrases = _opencc_table("TSPhrases.txt", lambda key: set(key) <= traditional)
    characters = _opencc_table("TSCharacters.txt", lambda key: key in traditional)
    # Every character jieba can be given: the simplified list, and the traditional list as
    # converted character by character or phrase by phrase.
    reachable = set(Mnemonic("chinese_simplified").wordlist) | traditional
    reachable |= set(characters.values()) | {char for value in phrases.values() for char in value}
    total, words = 0, []
    for line in _jieba_dictionary().read_text(encoding="utf-8").splitlines():
        word, frequency = line.split(" ")[:2]
        total += int(frequency)
        # A word with a character outside the set is never a substring of a list run; jieba's
        # route only uses words with a positive frequency.
        if int(frequency) > 0 and set(word) <= reachable:
            words.append(f"{word} {frequency}")
    return {
        "version": FORMAT_VERSION,
        "total": total,
        "words": "\n".join(words),
        "t2s_phrases": phrases,
        "t2s_characters": characters,
    }


def rendered() -> dict[str, str]:
    """File name -> exact text, as committed under static/secrets/."""

    def dump(data):
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"

    return {RULES_FILE: dump(rules()), DICTIONARY_FILE: dump(dictionary())}
