"""How often the secret-leak guard (core/secrets.py) blocks innocent text, and how often it catches
real secrets.

    .venv/bin/python benchmarks/secret_false_positives.py [--samples 300] [--seed 1] [--show 5]

False positives: every text of the shared question sets (../shared/data/similar/*/pairs.jsonl and
distractors.jsonl: titles and bodies, each checked on its own, as the services check title and
body), the demo content as written in demo/ (what `manage.py load_demo` publishes), and whatever
the configured database (DATABASE_URL, default var/db.sqlite3) already stores. Every count must
be 0. Recall: freshly generated BIP-39 phrases in every supported list and length, written in
the ways people write them down, plus raw hex, WIF and xprv keys. Exits non-zero when a false
positive is found, so it can run in CI.
"""

import argparse
import hashlib
import json
import math
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_SETS = ROOT.parent / "shared" / "data" / "similar"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import DatabaseError
from mnemonic import Mnemonic

from core.secrets import (
    CHINESE_LANGUAGES,
    MNEMONIC_LENGTHS,
    find_published_secrets,
    find_secrets,
)

BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def shared_set_texts() -> dict[str, list[str]]:
    sets = {}
    for folder in sorted(path for path in SHARED_SETS.iterdir() if path.is_dir()):
        texts = set()
        for name in ("pairs.jsonl", "distractors.jsonl"):
            with open(folder / name, encoding="utf-8") as lines:
                for line in lines:
                    row = json.loads(line)
                    texts.update(
                        row.get(key) for key in ("a", "b", "a_body", "b_body", "text", "body")
                    )
        texts.discard(None)
        texts.discard("")
        sets[folder.name] = sorted(texts)
    return sets


def demo_texts() -> list[str]:
    from demo.loader import ALL_THREADS

    texts = []
    for thread in ALL_THREADS:
        texts += [thread.title, thread.body] + [answer.body for answer in thread.answers]
    try:  # FAQ entries the demo writes or promotes
        from demo.faq import faq_texts
    except ImportError:
        return texts
    texts += [text for _label, text in faq_texts()]
    return texts


def database_texts() -> list[str] | None:
    from forum.models import Answer, Thread

    try:
        texts = [text for pair in Thread.objects.values_list("title", "body") for text in pair]
        texts += list(Answer.objects.values_list("body", flat=True))
    except DatabaseError:
        return None
    try:
        from faq.models import FaqEntry
    except ImportError:
        return texts
    text_fields = [
        field.name
        for field in FaqEntry._meta.get_fields()
        if field.get_internal_type() in ("CharField", "TextField")
        and not field.name.endswith(("_html", "_text"))
    ]
    try:
        for row in FaqEntry.objects.values_list(*text_fields):
            texts += [value for value in row if value]
    except DatabaseError:
        pass
    return texts


# --- generated secrets ---------------------------------------------------------------------


def phrase_formats(words: list[str], rng: random.Random) -> dict[str, str]:
    chinese = len(words[0]) == 1
    formats = {
        "spaces": " ".join(words),
        "commas": ", ".join(words),
        "newlines": "\n".join(words),
        "numbered 1.": " ".join(f"{i}. {word}" for i, word in enumerate(words, 1)),
        "numbered 1) lines": "\n".join(f"{i}) {word}" for i, word in enumerate(words, 1)),
        "#1 hashes": " ".join(f"#{i} {word}" for i, word in enumerate(words, 1)),
        "in a sentence": f"Help! My wallet is empty. My words were: {' '.join(words)} what now?",
    }
    if chinese:
        formats.update(
            {
                "together": "".join(words),
                "、": "、".join(words),
                "，": "，".join(words),
                "in a Chinese sentence": f"我的助记词是{''.join(words)}，请问怎么恢复钱包？",
                "groups of 3": " ".join("".join(words[i : i + 3]) for i in range(0, len(words), 3)),
            }
        )
    else:
        formats.update(
            {
                "UPPER": " ".join(words).upper(),
                "Mixed Case": " ".join(
                    word.capitalize() if rng.random() < 0.5 else word for word in words
                ),
                "one typo": " ".join(
                    _typo(word, rng) if i == 5 else word for i, word in enumerate(words)
                ),
            }
        )
    return formats


def _typo(word: str, rng: random.Random) -> str:
    position = rng.randrange(len(word))
    return word[:position] + rng.choice("aeiou") + word[position + 1 :]


def base58check(payload: bytes) -> str:
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = BASE58[remainder] + encoded
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + encoded


def key_samples(rng: random.Random, samples: int) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {
        "hex": [],
        "0x hex": [],
        "WIF": [],
        "WIF compressed": [],
        "WIF testnet": [],
        "xprv": [],
    }
    for _ in range(samples):
        secret = rng.randbytes(32)
        keys["hex"].append(f"my key {secret.hex()}")
        keys["0x hex"].append(f"私钥：0x{secret.hex()}")
        keys["WIF"].append(base58check(b"\x80" + secret))
        compressed = base58check(b"\x80" + secret + b"\x01")
        keys["WIF compressed"].append(f"key={compressed}")
        keys["WIF testnet"].append(base58check(b"\xef" + secret + b"\x01"))
        chain_code = rng.randbytes(32)
        keys["xprv"].append(
            base58check(bytes.fromhex("0488ade4") + bytes(9) + chain_code + b"\0" + secret)
        )
    return keys


def margins(texts: list[str]) -> tuple[int, int]:
    """How close innocent text comes to the thresholds: the longest run of list words (12 is
    refused) and the Chinese windows that read as random but fail the BIP-39 checksum (each
    would pass it by chance 1 time in 16 at 12 characters, 1 in 256 at 24)."""
    from core import secrets

    longest = 0
    random_looking = 0
    for text in texts:
        tokens = [
            (secrets._fold(token), start, end) for token, start, end in secrets._word_tokens(text)
        ]
        for language in secrets.WORD_LANGUAGES:
            word_list = secrets._word_list(language)

            abbreviations = word_list.prefixes if language == "english" else frozenset()

            def classify(token, word_list=word_list, abbreviations=abbreviations):
                if token in word_list.words:
                    return "exact"
                near = token in abbreviations or secrets._is_typo(token, word_list)
                return "near" if near else None

            runs = secrets._runs(tokens, text, classify, min_words=1)
            longest = max([longest, *(count for *_, count in runs)])
        han = secrets._han_chars(text)
        for language in secrets.CHINESE_LANGUAGES:
            chars = secrets._chinese_list(language)
            for run in secrets._joined_runs(han, text, chars):
                string = "".join(char for char, _position in run)
                covered = secrets._chinese_word_cover(string, language)
                ranks = [math.log(chars[char] + 1) for char in string]
                for length in MNEMONIC_LENGTHS:
                    for start in range(len(string) - length + 1):
                        share = sum(covered[start : start + length]) / length
                        rank = sum(ranks[start : start + length]) / length
                        random_looking += (
                            share <= secrets.RANDOM_MAX_WORD_SHARE
                            and rank >= secrets.RANDOM_MIN_MEAN_LOG_RANK
                        )
    return longest, random_looking


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=200, help="phrases per list and length")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=5, help="false positives printed per set")
    options = parser.parse_args()
    rng = random.Random(options.seed)

    print("False positives (texts that would be refused; must be 0)")
    started = time.perf_counter()
    corpora = shared_set_texts()
    corpora["demo content (demo/)"] = demo_texts()
    stored = database_texts()
    corpora["database"] = stored or []
    blocked_total = 0
    for name, texts in corpora.items():
        blocked = [(text, found[0]) for text in texts if (found := find_published_secrets(text))]
        blocked_total += len(blocked)
        note = "" if name != "database" or stored else "  (no tables or empty: run load_demo)"
        print(f"  {name:<24} {len(blocked):>3} blocked of {len(texts):>6} texts{note}")
        for text, finding in blocked[: options.show]:
            print(f"      {finding.kind} {finding.excerpt!r} in {text[:80]!r}")
    print(f"  ({time.perf_counter() - started:.1f} s)")
    longest, random_looking = margins([text for texts in corpora.values() for text in texts])
    print(
        f"  margin: longest run of list words {longest} (refused from 12); Chinese windows that "
        f"read as random but fail the checksum: {random_looking}"
    )

    print(f"\nRecall on generated secrets ({options.samples} per list and length)")
    misses: Counter = Counter()
    totals: Counter = Counter()
    languages = ["english", *CHINESE_LANGUAGES, "japanese", "spanish", "french", "korean"]
    for language in languages:
        generator = Mnemonic(language)
        for length in MNEMONIC_LENGTHS:
            for _ in range(options.samples):
                words = generator.to_mnemonic(rng.randbytes(length * 4 // 3)).split()
                for style, text in phrase_formats(words, rng).items():
                    key = (language, style)
                    totals[key] += 1
                    found = [f for f in find_secrets(text) if f.kind == "mnemonic"]
                    misses[key] += not found
    for (language, style), total in totals.items():
        caught = total - misses[(language, style)]
        if language in ("english", *CHINESE_LANGUAGES) or misses[(language, style)]:
            print(f"  {language:<20} {style:<22} {caught:>5}/{total:<5} {caught / total:6.1%}")
    print("  (other lists: every format at 100% unless listed)")
    for kind, texts in key_samples(rng, options.samples).items():
        caught = sum(1 for text in texts if find_secrets(text))
        print(f"  key {kind:<39} {caught:>5}/{len(texts):<5} {caught / len(texts):6.1%}")
    return 1 if blocked_total else 0


if __name__ == "__main__":
    sys.exit(main())
