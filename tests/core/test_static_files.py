"""Production static files: collectstatic writes hashed, compressed copies and the app serves
them itself (whitenoise) with a year's caching, as scripts/serve.sh runs it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
from django.templatetags.static import static
from django.test import Client
url = static("js/bell.js")
response = Client().get(url, HTTP_HOST="forum.example.com", secure=True,
                        HTTP_ACCEPT_ENCODING="gzip")
print(json.dumps({"url": url, "status": response.status_code,
                  "cache": response.get("Cache-Control", ""),
                  "encoding": response.get("Content-Encoding", "")}))
"""


def test_collected_static_files_are_hashed_and_served_with_long_caching(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WENDA_"))}
    env.update(
        DJANGO_SECRET_KEY="k3y-" + "x7Qp2zL9" * 8,
        DJANGO_ALLOWED_HOSTS="forum.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        WENDA_STATIC_MANIFEST="1",
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    probe = subprocess.run(
        [*manage, "shell", "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    served = json.loads(probe.stdout.strip().splitlines()[-1])
    assert served["url"].startswith("/static/js/bell.") and served["url"] != "/static/js/bell.js"
    assert served["status"] == 200
    assert "immutable" in served["cache"]
    assert served["encoding"] == "gzip"
