import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

LOG_LINES = """
import logging
from core.logs import import_jieba
import_jieba()
for name in ("forum", "django.request", "django.server", "jieba", "wenda.request"):
    logging.getLogger(name).warning("marker-%s", name)
"""
LOGGERS = ("forum", "django.request", "django.server", "jieba", "wenda.request")


def _log_through_settings(tmp_path, **env):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WENDA_LOG"))
    }
    environment.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **env)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", LOG_LINES],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


@pytest.mark.parametrize("debug", ["", "1"])
def test_every_logged_line_is_printed_once_with_debug_off_and_on(tmp_path, debug):
    output = _log_through_settings(tmp_path, DJANGO_DEBUG=debug)
    for name in LOGGERS:
        assert output.count(f"marker-{name}") == 1, output


def test_plain_text_is_the_default_log_format(tmp_path):
    output = _log_through_settings(tmp_path)
    line = next(line for line in output.splitlines() if "marker-forum" in line)
    assert line.endswith("WARNING forum marker-forum")
    assert not line.startswith("{")


def test_the_json_log_format_writes_one_object_per_line(tmp_path):
    output = _log_through_settings(tmp_path, WENDA_LOG_FORMAT="json")
    lines = [json.loads(line) for line in output.splitlines() if "marker-" in line]
    assert len(lines) == len(LOGGERS)
    forum = next(line for line in lines if line["logger"] == "forum")
    assert forum["level"] == "WARNING"
    assert forum["message"] == "marker-forum"
    assert forum["time"].endswith("+00:00")
