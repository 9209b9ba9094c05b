from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, restore_database


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a backup made by backup_database. Stop the site "
        "first; afterwards run `migrate` and `rebuild_index` (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--noinput", action="store_false", dest="interactive")

    def handle(self, *args, path: Path, interactive: bool, **options):
        if interactive:
            answer = input("This replaces everything in the database. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            restore_database(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Database restored from {path}. Now run migrate and rebuild_index.")
