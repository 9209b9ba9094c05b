"""gunicorn settings for scripts/serve.sh (`gunicorn -c config/gunicorn.py config.wsgi`). Each value
can be overridden by its environment variable, as the README's production section lists."""

import multiprocessing
import os

bind = os.environ.get("WENDA_ADDRESS", "127.0.0.1:8000")
# Search is CPU-bound (scoring in numpy): one worker per core, plus one to cover a worker that
# waits on the database or the index lock.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
# Threads per worker (more than 1 switches gunicorn to its gthread worker): a request waiting on
# the database then holds a thread, not the whole worker, and keep-alive connections are kept.
# Posts no longer wait for the index writer (WENDA_SEARCH_WRITES=background), and requests are
# CPU-bound Python sharing one GIL per worker: at 100k threads 4 threads gave more requests/s
# but slower posts and suggestions (benchmarks/README.md), so the default stays 1.
threads = int(os.environ.get("WENDA_GUNICORN_THREADS", "1"))
# Load the app (and through config/wsgi.py jieba's dictionary) once in the master; the forked
# workers share it.
preload_app = True
timeout = int(os.environ.get("WENDA_GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("WENDA_GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# Django logs one line per request itself (wenda.request, with request id and timing): no
# gunicorn access log, so each request is one line. Errors go to stderr.
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("WENDA_FORWARDED_ALLOW_IPS", "127.0.0.1")
