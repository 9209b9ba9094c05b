"""`rebuild_index` that never leaves search dark (search.rebuild): the new index is built beside
the live one from the database and switched in atomically; posts made meanwhile are applied to
it first. haystack's own rebuild (clear, then update: no results until it ends) remains for an
index that is not on disk (`--in-place` asks for it explicitly)."""

from haystack.management.commands.rebuild_index import Command as HaystackRebuildIndex

from search.rebuild import RebuildError, rebuild_aside


class Command(HaystackRebuildIndex):
    help = (
        "Rebuild the search index from the database beside the live one and switch to it at "
        "the end; searches keep answering from the old index meanwhile."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="haystack's rebuild: empty the index first (no results until it ends).",
        )

    def handle(self, **options):
        from django.core.management.base import CommandError
        from haystack import connections
        from haystack.constants import DEFAULT_ALIAS

        backend = connections[DEFAULT_ALIAS].get_backend()
        aside = (
            not options["in_place"]
            and getattr(backend, "use_file_storage", False)
            and getattr(backend, "path", None)
            and options["commit"]
            and not options["workers"]
            and options["using"] in ([], [DEFAULT_ALIAS])
        )
        if not aside:
            return super().handle(**options)
        try:
            rebuild_aside(
                stdout=self.stdout,
                verbosity=int(options["verbosity"]),
                batchsize=options.get("batchsize"),
            )
        except RebuildError as error:
            raise CommandError(str(error)) from error
