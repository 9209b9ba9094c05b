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
    megabytes on its first search: the search backend (jieba's dictionary) and the sentence
    model (~3 s; a failure is logged and suggestions rank by words)."""
    from haystack import connections

    from search import conf, encoder

    connections["default"].get_backend()
    if conf.embeddings_enabled():
        encoder.is_available()


_preload()
