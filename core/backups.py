"""Backing up and restoring the database, the source of truth (the search index and any vectors
are rebuilt from it). SQLite uses its online backup API, which copies a consistent snapshot while
the site keeps writing; PostgreSQL uses pg_dump's custom format and pg_restore. docs/operations.md
is the runbook."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    """The backup or restore could not be made; the message says why."""


def _settings(alias: str) -> dict:
    return connections[alias].settings_dict


def _vendor(alias: str) -> str:
    return connections[alias].vendor


def _pg_environment(settings: dict) -> dict:
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return env


def _pg_arguments(settings: dict) -> list[str]:
    arguments = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            arguments += [flag, str(settings[key])]
    return arguments


def _pg_tool(name: str) -> str:
    """pg_dump/pg_restore: on PATH, else Debian's versioned folder (the server's major version
    must not be newer than the tool's)."""
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    raise BackupError(f"{name} was not found: install the PostgreSQL client tools")


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def backup_database(target: Path, alias: str = "default") -> Path:
    """Write a consistent copy of the database to ``target`` (a new file)."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists already; backups are never overwritten")
    target.parent.mkdir(parents=True, exist_ok=True)
    settings, vendor = _settings(alias), _vendor(alias)
    if vendor == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    elif vendor == "postgresql":
        command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)]
        _run([*command, *_pg_arguments(settings), settings["NAME"]], _pg_environment(settings))
    else:
        raise BackupError(f"no backup method for the {vendor} database")
    return target


def restore_database(source: Path, alias: str = "default") -> None:
    """Replace the database's contents with the backup at ``source``. Stop the site first."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a backup file")
    settings, vendor = _settings(alias), _vendor(alias)
    connection = connections[alias]
    if vendor == "sqlite":
        try:
            with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup:
                backup.execute("PRAGMA schema_version").fetchone()
                connection.ensure_connection()
                backup.backup(connection.connection)
            backup.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} is not an SQLite backup: {error}") from error
    elif vendor == "postgresql":
        connection.close()  # pg_restore --clean drops tables this connection may hold locks on
        command = [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
        ]
        command += [*_pg_arguments(settings), "--dbname", settings["NAME"], str(source)]
        _run(command, _pg_environment(settings))
    else:
        raise BackupError(f"no restore method for the {vendor} database")
