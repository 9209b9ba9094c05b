import logging

from django.core.management.base import BaseCommand, CommandError

from search.drift import drift_repair, drift_report
from search.rebuild import RebuildError, rebuild_aside

logger = logging.getLogger(__name__)

SHOWN_IDS = 10


class Command(BaseCommand):
    help = (
        "Report drift between the database (the visibility selectors) and the search index: "
        "missing, stale and extra documents, and queued updates. --repair fixes it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Write missing and stale documents, remove extra ones.",
        )
        parser.add_argument(
            "--no-stale", action="store_true", help="Skip the (slower) field-by-field comparison."
        )

    def handle(self, *args, repair=False, no_stale=False, **options):
        try:
            report = drift_report(check_stale=not no_stale)
        except Exception as error:  # a damaged or missing index file: it cannot be compared
            logger.exception("The search index cannot be read")
            if not repair:
                raise CommandError(
                    f"The search index cannot be read ({type(error).__name__}: {error}); "
                    "run search_check --repair to rebuild it."
                ) from error
            self.stdout.write(
                f"The search index cannot be read ({type(error).__name__}); rebuilding it "
                "from the database beside the damaged one."
            )
            try:
                rebuild_aside(stdout=self.stdout, verbosity=int(options.get("verbosity", 1)))
            except RebuildError as rebuild_error:
                raise CommandError(str(rebuild_error)) from rebuild_error
            report = drift_report(check_stale=not no_stale)
        self._print(report)
        if not report.has_drift:
            self.stdout.write(self.style.SUCCESS("The search index matches the database."))
            return
        if not repair:
            raise CommandError("The search index has drifted; run search_check --repair.")
        changed = drift_repair(report)
        after = drift_report(check_stale=not no_stale)
        if after.has_drift:
            self._print(after)
            raise CommandError(
                "Drift remains after the repair (posts changed meanwhile?); run it again."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Repaired: {changed} documents written or removed; the index matches the database."
            )
        )

    def _print(self, report):
        self.stdout.write(f"Queued index updates: {report.pending}")
        for model in report.models:
            self.stdout.write(
                f"{model.label}: {model.in_database} in database, {model.in_index} in index, "
                f"{len(model.missing)} missing, {len(model.stale)} stale, "
                f"{len(model.extra)} extra"
            )
            for name in ("missing", "stale", "extra"):
                ids = getattr(model, name)
                if ids:
                    more = " …" if len(ids) > SHOWN_IDS else ""
                    self.stdout.write(f"  {name}: {', '.join(ids[:SHOWN_IDS])}{more}")
