"""Adds or updates zh-hans translations in locale/zh_Hans/LC_MESSAGES/django.po.

Usage: .venv/bin/python scripts/translate.py FILE.json
FILE.json maps each English msgid to its Chinese text; a plural entry maps the singular msgid to
{"plural": "<English plural>", "zh": "<Chinese>"} (Chinese has one plural form). Entries are kept
in one catalogue that tests/core/test_translations.py checks against the source.
"""

import json
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po"


def main(path: str) -> None:
    wanted = json.loads(Path(path).read_text(encoding="utf-8"))
    catalogue = polib.pofile(str(CATALOGUE), wrapwidth=0)
    by_id = {entry.msgid: entry for entry in catalogue if not entry.msgctxt}
    for msgid, value in wanted.items():
        entry = by_id.get(msgid)
        if isinstance(value, dict):
            if entry is None:
                entry = polib.POEntry(msgid=msgid, msgid_plural=value["plural"])
                catalogue.append(entry)
            entry.msgid_plural = value["plural"]
            entry.msgstr_plural = {0: value["zh"]}
        else:
            if entry is None:
                entry = polib.POEntry(msgid=msgid)
                catalogue.append(entry)
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save(str(CATALOGUE))


if __name__ == "__main__":
    main(sys.argv[1])
