from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup_database


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database to PATH while the site runs (SQLite: online "
        "backup API; PostgreSQL: pg_dump --format=custom). docs/operations.md is the runbook."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            written = backup_database(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = written.stat().st_size
        self.stdout.write(f"Database backed up to {written} ({size / 1_000_000:.1f} MB).")
