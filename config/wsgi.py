import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# One BLAS thread per request thread, set before numpy loads: the suggestions' nearest-neighbour
# product at 100k threads took 21/31 ms p50/p95 so and 30/59 ms with OpenBLAS's own thread pool
# (benchmarks/README.md). Set the variable to override.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
application = get_wsgi_application()


def _preload_sentence_model() -> None:
    # Loaded at start (~3 s), not by the first ask page; with gunicorn --preload once, in the
    # master, and its arrays shared by the forked workers. A failure is logged: words only.
    from search import conf, encoder

    if conf.embeddings_enabled():
        encoder.is_available()


_preload_sentence_model()
