"""haystack's `update_index` (also what `rebuild_index` runs), with one index writer per run.

Stock haystack commits a writer per batch (1,000 objects by default). On Whoosh each commit
started two child processes and added segments that later had to be merged: at 100k threads
most of a rebuild went there. Here the whole run goes through the backend's bulk_writer() and
commits once at the end; index updates queued by posts made during the run are applied right
after it (search.index_queue). `--workers` (forked processes, each with its own writer) and
`--nocommit` keep haystack's own behaviour.
"""

import logging
from contextlib import ExitStack

from haystack import connections
from haystack.management.commands.update_index import LOG
from haystack.management.commands.update_index import Command as HaystackUpdateIndex


class Command(HaystackUpdateIndex):
    def handle(self, **options):
        try:
            self._handle(**options)
        finally:
            # haystack turns its multiprocessing logger up to INFO for -v 2; left so, it logs
            # "process shutting down" at exit into a stderr that may be closed by then.
            LOG.setLevel(logging.WARNING)

    def _handle(self, **options):
        if options.get("workers") or not options.get("commit", True):
            return super().handle(**options)
        aliases = options.get("using") or list(connections.connections_info.keys())
        with ExitStack() as stack:
            for alias in aliases:
                backend = connections[alias].get_backend()
                if hasattr(backend, "bulk_writer"):
                    stack.enter_context(backend.bulk_writer())
            super().handle(**options)
            if int(options.get("verbosity", 1)) >= 1:
                self.stdout.write("Committing the index (child processes finish their segments)")
        self._apply_queued_updates(aliases)
        self._compute_vectors(aliases)

    def _apply_queued_updates(self, aliases) -> None:
        from search.index_queue import index_pending_updates

        if "default" in aliases:
            applied = index_pending_updates()
            if applied and int(self.verbosity) >= 1:
                self.stdout.write(f"Applied {applied} index updates queued during the run")

    def _compute_vectors(self, aliases) -> None:
        """The run's sentence vectors, in batches, after its documents are committed (search
        suggestions use words until then)."""
        from search import conf, encoder
        from search.vector_worker import encode_pending

        if not conf.embeddings_enabled():
            return
        for alias in aliases:
            store = getattr(connections[alias].get_backend(), "vector_store", None)
            if store is None:
                continue
            try:
                computed = encode_pending(store)
            except encoder.EncoderUnavailable as error:
                self.stderr.write(f"Sentence vectors not computed (model unavailable): {error}")
                continue
            if computed and int(self.verbosity) >= 1:
                self.stdout.write(f"Computed {computed} sentence vectors")
