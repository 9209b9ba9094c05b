"""Every user-facing string has a zh-hans translation: the catalogue is extracted from the code
and templates as `makemessages` sees them and compared with locale/zh_Hans."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
COPIED = [
    "manage.py", "config", "core", "accounts", "forum", "faq", "moderation", "notifications",
    "search", "demo", "uploads", "templates", "locale",
]  # fmt: skip


def test_every_translatable_string_has_a_chinese_translation(tmp_path):
    assert shutil.which("xgettext"), "gettext is missing: scripts/setup.sh --dev installs it"
    # In a copy: makemessages rewrites the .po it checks.
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=tmp_path, check=True, capture_output=True,
    )  # fmt: skip
    catalogue = polib.pofile(str(tmp_path / "locale/zh_Hans/LC_MESSAGES/django.po"))
    missing = [
        f"{entry.occurrences[0][0] if entry.occurrences else '?'}: {entry.msgid!r}"
        for entry in catalogue
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
    ]
    assert not missing, "untranslated (add them to locale/zh_Hans):\n" + "\n".join(missing)
