import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _preload_sentence_model() -> None:
    # Loaded at start (~3 s), not by the first ask page; with gunicorn --preload once, in the
    # master, and its arrays shared by the forked workers. A failure is logged: words only.
    from search import conf, encoder

    if conf.embeddings_enabled():
        encoder.is_available()


_preload_sentence_model()
