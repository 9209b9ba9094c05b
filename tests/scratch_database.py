"""Databases for the tests that start their own OS processes (each one like a web server process).

Those processes cannot see the test database's uncommitted transaction, so they share a database of
their own: an SQLite file in the test's folder, or, when the suite runs on PostgreSQL
(DATABASE_URL=postgres://..., scripts/with_postgres.sh), a new database on that server, so the
concurrency tests exercise PostgreSQL's locking too.
"""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dj_database_url


def _server() -> dict | None:
    url = os.environ.get("DATABASE_URL", "")
    config = dj_database_url.parse(url) if url else None
    if config and config["ENGINE"] == "django.db.backends.postgresql":
        return config
    return None


def _url(config: dict, name: str) -> str:
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    return f"postgres://{config['USER']}{password}@{config['HOST']}:{config['PORT']}/{name}"


def _admin(config: dict, sql: str) -> None:
    import psycopg

    with psycopg.connect(
        dbname="postgres",
        user=config["USER"],
        password=config.get("PASSWORD") or None,
        host=config["HOST"],
        port=config["PORT"],
        autocommit=True,
    ) as connection:
        connection.execute(sql)


@contextmanager
def scratch_database(folder: Path, *, copy_of: str | None = None) -> Iterator[str]:
    """Yield a DATABASE_URL for a fresh, empty database (or a copy of the database at the URL
    ``copy_of``, which nobody may be connected to), removed afterwards on PostgreSQL. On SQLite
    the file is folder/db.sqlite3: copying the folder copies the database."""
    config = _server()
    if config is None:
        yield f"sqlite:///{folder / 'db.sqlite3'}"
        return
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    template = f" TEMPLATE {dj_database_url.parse(copy_of)['NAME']}" if copy_of else ""
    _admin(config, f"CREATE DATABASE {name}{template}")
    try:
        yield _url(config, name)
    finally:
        _admin(config, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
