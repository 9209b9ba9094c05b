import logging

from django.core.management.base import BaseCommand, CommandError

from search import conf, encoder, grouping
from search.drift import drift_repair, drift_report
from search.rebuild import RebuildError, rebuild_aside
from search.vector_drift import vector_drift_repair, vector_drift_report

logger = logging.getLogger(__name__)

SHOWN_IDS = 10


class Command(BaseCommand):
    help = (
        "Report drift between the database (the visibility selectors) and the search index: "
        "missing, stale and extra documents and sentence vectors, and queued updates. "
        "--repair fixes it."
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
        self._warn_of_documents_without_group()
        vectors = vector_drift_report() if conf.embeddings_enabled() else None
        if vectors is not None:
            self._print_vectors(vectors)
        if not report.has_drift and not (vectors and vectors.has_drift):
            self.stdout.write(self.style.SUCCESS("The search index matches the database."))
            return
        if not repair:
            raise CommandError("The search index has drifted; run search_check --repair.")
        changed = drift_repair(report) if report.has_drift else 0
        if vectors is not None:
            changed += self._repair_vectors()
        after = drift_report(check_stale=not no_stale)
        vectors_after = vector_drift_report() if vectors is not None else None
        if after.has_drift or (vectors_after and vectors_after.has_drift):
            self._print(after)
            if vectors_after is not None:
                self._print_vectors(vectors_after)
            raise CommandError(
                "Drift remains after the repair (posts changed meanwhile?); run it again."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Repaired: {changed} documents or vectors written or removed; the index matches "
                "the database."
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

    def _warn_of_documents_without_group(self) -> None:
        # Not drift (results are right), but /search/ groups such documents by their stored
        # URLs, seconds per query at 100k threads instead of milliseconds (search.grouping).
        without, total = grouping.documents_without_group()
        if without:
            self.stdout.write(
                self.style.WARNING(
                    f"{without} of {total} documents predate the group column, so /search/ "
                    "groups them slowly by their URLs: run rebuild_index."
                )
            )

    def _repair_vectors(self) -> int:
        # After the documents' repair: the documents it rewrote queued their vectors.
        try:
            return vector_drift_repair(vector_drift_report())
        except encoder.EncoderUnavailable as error:
            raise CommandError(f"Sentence vectors cannot be computed: {error}") from error

    def _print_vectors(self, report):
        self.stdout.write(
            f"Sentence vectors: {report.expected} expected, {report.stored} stored, "
            f"{report.pending} queued, {len(report.missing)} missing, {len(report.stale)} stale, "
            f"{len(report.extra)} extra"
        )
        for name, ids in (
            ("missing", [item.doc_id for item in report.missing]),
            ("stale", [item.doc_id for item in report.stale]),
            ("extra", report.extra),
        ):
            if ids:
                more = " …" if len(ids) > SHOWN_IDS else ""
                self.stdout.write(f"  {name}: {', '.join(ids[:SHOWN_IDS])}{more}")
