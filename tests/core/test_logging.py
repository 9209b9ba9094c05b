import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.logs import JsonFormatter

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


REQUEST = """
from django.test import Client
Client().get("/healthz", HTTP_X_REQUEST_ID="probe-42")
"""


def test_a_request_in_json_format_logs_its_id_method_path_status_and_duration(tmp_path):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WENDA_LOG"))
    }
    environment.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SEARCH_INDEX_PATH=str(tmp_path / "no_index"),
        DJANGO_DEBUG="1",
        DJANGO_ALLOWED_HOSTS="testserver",
        WENDA_LOG_FORMAT="json",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", REQUEST],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    request_line = next(line for line in lines if line["logger"] == "wenda.request")
    assert request_line["level"] == "INFO"
    assert request_line["request_id"] == "probe-42"
    assert request_line["method"] == "GET"
    assert request_line["path"] == "/healthz"
    assert request_line["status"] == 503  # no index in this process
    assert isinstance(request_line["duration_ms"], float)
    # Every line written while the request was served carries its id.
    health_line = next(line for line in lines if line["logger"] == "wenda.health")
    assert health_line["request_id"] == "probe-42"


def test_each_request_is_logged_once_in_plain_text_with_its_timing(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="wenda.request"):
        response = client.get("/accounts/login/")
    records = [r for r in caplog.records if r.name == "wenda.request"]
    assert len(records) == 1
    record = records[0]
    assert record.getMessage().startswith("GET /accounts/login/ 200 ")
    assert record.getMessage().endswith(" ms")
    assert record.request_id == response["X-Request-ID"]
    assert record.duration_ms >= 0


def test_a_request_without_an_id_gets_a_fresh_one_in_the_response(client, db):
    first = client.get("/accounts/login/")["X-Request-ID"]
    second = client.get("/accounts/login/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_a_sane_incoming_request_id_is_kept(client, db):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="lb-7f3a.2:x_y")
    assert response["X-Request-ID"] == "lb-7f3a.2:x_y"


@pytest.mark.parametrize(
    "incoming", ["", "has space", "x" * 129, "semi;colon", "line\\nbreak", "中文"]
)
def test_an_insane_incoming_request_id_is_replaced(client, db, incoming):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID=incoming)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_the_json_formatter_keeps_the_exception_and_chinese_text():
    formatter = JsonFormatter()
    try:
        raise ValueError("坏了")
    except ValueError:
        record = logging.LogRecord(
            "forum", logging.ERROR, __file__, 1, "帖子 %s", ("失败",), sys.exc_info()
        )
    line = json.loads(formatter.format(record))
    assert line["message"] == "帖子 失败"
    assert "ValueError: 坏了" in line["exception"]
    assert "request_id" not in line
