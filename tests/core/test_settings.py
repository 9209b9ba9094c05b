import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check_deploy(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_when_the_production_variables_are_set(tmp_path):
    result = _check_deploy(
        DJANGO_SECRET_KEY="k3y-" + "x7Qp2zL9" * 8,
        DJANGO_ALLOWED_HOSTS="forum.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_rejects_the_development_secret_key(tmp_path):
    result = _check_deploy(
        DJANGO_ALLOWED_HOSTS="forum.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr
