from django.core.management.base import BaseCommand

from core import secret_rules


class Command(BaseCommand):
    help = (
        "Write static/secrets/ (the seed-phrase and key rule of core/secrets.py as data, for the "
        "ask page's check in the browser). Commit the result: a test compares it with the server."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="write nothing; exit 1 when a file differs"
        )

    def handle(self, *args, check=False, **options):
        folder = secret_rules.output_dir()
        stale = []
        for name, text in secret_rules.rendered().items():
            path = folder / name
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                continue
            stale.append(name)
            if not check:
                folder.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        if check and stale:
            self.stderr.write(f"Out of date: {', '.join(stale)} (run export_secret_rules).")
            raise SystemExit(1)
        verb = "Would write" if check else "Wrote"
        self.stdout.write(f"{verb} {len(stale)} file(s) in {folder}.")
