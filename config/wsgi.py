import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# One BLAS thread per request thread, set before numpy loads: the suggestions' nearest-neighbour
# product at 100k threads took 21/31 ms p50/p95 so and 30/59 ms with OpenBLAS's own thread pool
# (benchmarks/README.md). Set the variable to override.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
application = get_wsgi_application()


def _preload() -> None:
    """Load what every request needs before gunicorn forks (--preload, config/gunicorn.py), once,
    in the master, so the workers share those pages instead of each paying seconds and tens of
    megabytes on its first search: the search backend (jieba's dictionary), the sentence
    model (~3 s; a failure is logged and suggestions rank by words) and the index's group
    numbers (search.grouping: a few milliseconds from its column, 1.6 MB per 400k documents;
    an index without the column is left to be read lazily, as reading it here would take
    seconds)."""
    from haystack import connections

    from search import conf, encoder, grouping

    connections["default"].get_backend()
    if conf.embeddings_enabled():
        encoder.is_available()
    try:
        grouping.warm_live_index()
    except Exception:  # a missing or damaged index: searches report it, start-up goes on
        logging.getLogger(__name__).warning("Search groups not preloaded", exc_info=True)


_preload()
