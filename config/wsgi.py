import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _preload() -> None:
    """Load what every request needs before gunicorn forks (--preload, config/gunicorn.py): the
    search backend loads jieba's dictionary once, in the master, and the workers share those
    pages instead of each paying seconds and tens of megabytes on its first search."""
    from haystack import connections

    connections["default"].get_backend()


_preload()
