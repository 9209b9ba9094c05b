"""Wenda settings: one module, driven by environment variables (see README "Configuration")."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-dev-only")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Before haystack: its update_index command (one writer per run) replaces haystack's.
    "search",
    "haystack",
    "core",
    "accounts",
    "uploads",
    "forum",
    "faq",
    "moderation",
    "notifications",
    "demo",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: its id and timing cover every other middleware, HTTPS redirects included.
    "core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from STATIC_ROOT (after collectstatic), before sessions and the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check: a PUT gets its 405 and Allow header, not a 403 (core/methods.py).
    "core.methods.AllowedMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before the body is read: an over-large upload is refused on its Content-Length alone.
    "uploads.middleware.UploadLimitMiddleware",
    # Reads a form body before the CSRF check (process_view) does, so a body in another charset,
    # or one Django cannot parse, is a 400 with a reason instead of a 500 (core/form_body.py).
    "core.form_body.FormBodyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

# SQLite by default so one command runs everything on a laptop; DATABASE_URL switches to
# PostgreSQL (postgres://user:pass@host:5432/name) without touching code.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run while a writer commits; busy timeout makes concurrent posts wait
    # instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "forum:home"
LOGOUT_REDIRECT_URL = "forum:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("WENDA_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
# Caches: "default" and "pages" are per process; "rate_limits" holds the per-address counters
# of core/rate_limits.py and "page_versions" the content versions of forum/page_cache.py on
# disk, so all web processes on the box count one visitor together and see the same versions.
# Anonymous readers get thread and list pages from "pages" for WENDA_PAGE_CACHE_SECONDS (0: off).
WENDA_PAGE_CACHE_SECONDS = env_int("WENDA_PAGE_CACHE_SECONDS", 30)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        # A thread page is 20-40 kB: at most ~80 MB per web process.
        "OPTIONS": {"MAX_ENTRIES": env_int("WENDA_PAGE_CACHE_ENTRIES", 2000)},
    },
    "page_versions": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get(
            "WENDA_PAGE_VERSIONS_DIR", str(BASE_DIR / "var" / "cache" / "page_versions")
        ),
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    "rate_limits": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get(
            "WENDA_RATE_LIMIT_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "rate_limits")
        ),
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
# Requests per minute and per hour from one address (0 turns a window off): /search/ pages,
# and /api/similar, which the ask page calls as the title is typed (debounced).
WENDA_RATE_LIMITS = {
    "search": (
        env_int("WENDA_RATE_SEARCH_PER_MINUTE", 30),
        env_int("WENDA_RATE_SEARCH_PER_HOUR", 300),
    ),
    "similar": (
        env_int("WENDA_RATE_SIMILAR_PER_MINUTE", 120),
        env_int("WENDA_RATE_SIMILAR_PER_HOUR", 1200),
    ),
}

# scripts/serve.sh turns on hashed file names (collectstatic writes the manifest), so browsers
# may cache static files for a year; without it (development, tests) names stay as written and
# whitenoise lets browsers cache them for a minute.
WENDA_STATIC_MANIFEST = env_bool("WENDA_STATIC_MANIFEST", False)
# Uploaded images (uploads/, README "Configuration"): files under MEDIA_ROOT, served at MEDIA_URL
# (by the reverse proxy in production, docs/operations.md; by Django itself only with DEBUG on),
# or an S3-compatible bucket when WENDA_MEDIA_S3_BUCKET is set.
MEDIA_ROOT = Path(os.environ.get("WENDA_MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
WENDA_MEDIA_S3_BUCKET = os.environ.get("WENDA_MEDIA_S3_BUCKET", "")
if WENDA_MEDIA_S3_BUCKET:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": WENDA_MEDIA_S3_BUCKET,
            "endpoint_url": os.environ.get("WENDA_MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("WENDA_MEDIA_S3_REGION") or None,
            "access_key": os.environ.get("WENDA_MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("WENDA_MEDIA_S3_SECRET_ACCESS_KEY") or None,
            # e.g. a CDN in front of the bucket; the CSP's img-src allows this host.
            "custom_domain": os.environ.get("WENDA_MEDIA_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("WENDA_MEDIA_S3_PREFIX", ""),
            # Posts store their rendered HTML, so image URLs must not expire: no signed URLs.
            # The bucket (or CDN) serves the files publicly; their names are unguessable.
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if WENDA_STATIC_MANIFEST
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}

# Upload limits (uploads/): bytes per file (refused before the body is read), pixels (refused
# from the header, before decoding), uploads per rolling hour and megabytes stored per member,
# tighter for accounts younger than WENDA_RATE_NEW_ACCOUNT_HOURS; moderators and staff exempt.
WENDA_UPLOAD_MAX_BYTES = env_int("WENDA_UPLOAD_MAX_MB", 10) * 1024 * 1024
WENDA_UPLOAD_MAX_PIXELS = env_int("WENDA_UPLOAD_MAX_MEGAPIXELS", 50) * 1_000_000
WENDA_RATE_UPLOADS_PER_HOUR = env_int("WENDA_RATE_UPLOADS_PER_HOUR", 30)
WENDA_RATE_NEW_UPLOADS_PER_HOUR = env_int("WENDA_RATE_NEW_UPLOADS_PER_HOUR", 10)
WENDA_UPLOAD_QUOTA_MB = env_int("WENDA_UPLOAD_QUOTA_MB", 500)
WENDA_UPLOAD_NEW_QUOTA_MB = env_int("WENDA_UPLOAD_NEW_QUOTA_MB", 50)
# `manage.py clean_uploads` deletes images no post references once this old.
WENDA_UPLOAD_UNATTACHED_HOURS = env_int("WENDA_UPLOAD_UNATTACHED_HOURS", 24)
# The byte cap holds while a body streams in (uploads/handlers.py), then Django's own handlers
# keep small files in memory and spool larger ones to a temporary file.
FILE_UPLOAD_HANDLERS = [
    "uploads.handlers.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# E-mail goes to the console unless an SMTP host is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Wenda <noreply@localhost>")
# Seconds an SMTP connection may take before the attempt counts as failed (and is retried).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# The address links in mail point to (mail is written outside any request).
WENDA_SITE_URL = os.environ.get("WENDA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background tasks (Django's tasks framework, backport django-tasks). By default they are
# stored in the database and run by `manage.py db_worker` (scripts/run.sh starts one beside the
# site); WENDA_TASKS_IMMEDIATE=1 runs each in-process right after the commit that enqueued it.
WENDA_TASKS_IMMEDIATE = env_bool("WENDA_TASKS_IMMEDIATE", False)
# /healthz reports the worker down (503) once a task has waited this long for it.
WENDA_TASK_WORKER_STALL_SECONDS = env_int("WENDA_TASK_WORKER_STALL_SECONDS", 300)
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if WENDA_TASKS_IMMEDIATE
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

# E-mail of notifications (notifications/mail/, README "E-mail"). A failed send is retried after
# WENDA_MAIL_RETRY_SECONDS, doubling each time, and marked failed after WENDA_MAIL_MAX_ATTEMPTS.
WENDA_MAIL_MAX_ATTEMPTS = env_int("WENDA_MAIL_MAX_ATTEMPTS", 8)
WENDA_MAIL_RETRY_SECONDS = env_int("WENDA_MAIL_RETRY_SECONDS", 60)
# A collapsed "3 new answers" notice already mailed and still unread is mailed again at most
# once per this many seconds.
WENDA_MAIL_THROTTLE_SECONDS = env_int("WENDA_MAIL_THROTTLE_SECONDS", 900)
# Unsubscribe links older than this many days are refused (the preferences page still works).
WENDA_MAIL_UNSUBSCRIBE_MAX_AGE_DAYS = env_int("WENDA_MAIL_UNSUBSCRIBE_MAX_AGE_DAYS", 60)

# Production hardening: on by default when DEBUG is off so `check --deploy` passes with only
# DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS set; local http development sets DJANGO_DEBUG=1.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_TLS_PROXY") else None
)
# A load balancer probes /healthz over plain http (core/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

HAYSTACK_CONNECTIONS = {
    "default": {
        # Chinese-aware analyzer, batched writes, long-lived searcher: see search/backend.py.
        "ENGINE": "search.backend.WendaWhooshEngine",
        "PATH": os.environ.get("SEARCH_INDEX_PATH", str(BASE_DIR / "var" / "whoosh_index")),
    }
}
# Scale-out: a deployment that outgrows one box points this at Elasticsearch 7 (with the
# analysis-smartcn plugin): search.elasticsearch_backend, README "Scale-out".
WENDA_ELASTICSEARCH_URL = os.environ.get("WENDA_ELASTICSEARCH_URL", "")
if WENDA_ELASTICSEARCH_URL:
    HAYSTACK_CONNECTIONS["default"] = {
        "ENGINE": "search.elasticsearch_backend.WendaElasticsearchEngine",
        "URL": WENDA_ELASTICSEARCH_URL,
        "INDEX_NAME": os.environ.get("WENDA_ELASTICSEARCH_INDEX", "wenda"),
        "TIMEOUT": env_int("WENDA_ELASTICSEARCH_TIMEOUT", 10),
    }
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20
# Every document in the index belongs to a registered model; the default (True) adds an unbounded
# django_ct query to every search (~300 ms at 100k documents).
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False
# Index writes happen after the commit and drop what the visibility selectors exclude.
HAYSTACK_SIGNAL_PROCESSOR = "search.signals.OnCommitSignalProcessor"
# Seconds a post's index update waits for the single Whoosh writer, and megabytes of decoded
# posting lists per web process (0: no cache). Unset (None) means the defaults in search/conf.py.
WENDA_SEARCH_LOCK_TIMEOUT = os.environ.get("WENDA_SEARCH_LOCK_TIMEOUT") or None
WENDA_SEARCH_CACHE_MB = os.environ.get("WENDA_SEARCH_CACHE_MB") or None
# Milliseconds a web process searches on before it checks for another process's index commit
# (default 500): a post is searchable everywhere within that long, and steady posting does not
# make every process reopen its searcher after each post.
WENDA_SEARCH_REFRESH_MS = os.environ.get("WENDA_SEARCH_REFRESH_MS") or None
# Milliseconds one search may spend in Whoosh's own search or on "did you mean" (default 500).
WENDA_SEARCH_TIME_BUDGET_MS = os.environ.get("WENDA_SEARCH_TIME_BUDGET_MS") or None
# Who applies a commit's index updates: "background" (default), a thread of the web process, so
# a posting request does not wait for the index writer; "request", the request before it answers.
WENDA_SEARCH_WRITES = os.environ.get("WENDA_SEARCH_WRITES") or None
# Sentence vectors for suggestions across languages (search/encoder.py); "off" ranks by words only.
WENDA_EMBEDDINGS = os.environ.get("WENDA_EMBEDDINGS") or None

# One handler, on the root logger; every other logger propagates to it, so each line is printed
# once. Django's default logging gives "django" a console handler of its own (shown when DEBUG is
# on) and "django.server" another: both are replaced here, or runserver printed lines twice.
WENDA_LOG_FORMAT = (os.environ.get("WENDA_LOG_FORMAT") or "text").strip().lower()
if WENDA_LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("WENDA_LOG_FORMAT must be 'text' or 'json'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": WENDA_LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("WENDA_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "jieba": {"level": "WARNING"},
    },
}

WENDA_PAGE_SIZE = env_int("WENDA_PAGE_SIZE", 20)

# Posting limits per rolling hour (forum/ratelimits.py), counted in the database. Accounts younger
# than WENDA_RATE_NEW_ACCOUNT_HOURS get the NEW_ limits; moderators and staff have none.
WENDA_RATE_NEW_ACCOUNT_HOURS = env_int("WENDA_RATE_NEW_ACCOUNT_HOURS", 24)
WENDA_RATE_NEW_QUESTIONS_PER_HOUR = env_int("WENDA_RATE_NEW_QUESTIONS_PER_HOUR", 3)
WENDA_RATE_NEW_ANSWERS_PER_HOUR = env_int("WENDA_RATE_NEW_ANSWERS_PER_HOUR", 10)
WENDA_RATE_QUESTIONS_PER_HOUR = env_int("WENDA_RATE_QUESTIONS_PER_HOUR", 10)
WENDA_RATE_ANSWERS_PER_HOUR = env_int("WENDA_RATE_ANSWERS_PER_HOUR", 60)
# @mentions (notifications.mention_notices): a post tells at most MENTIONS_PER_POST members, over
# all its versions; a poster's posts and edits tell at most MENTIONS_PER_HOUR members in any hour
# (moderators and staff exempt). Names past either limit still link, silently.
WENDA_MENTIONS_PER_POST = env_int("WENDA_MENTIONS_PER_POST", 10)
WENDA_MENTIONS_PER_HOUR = env_int("WENDA_MENTIONS_PER_HOUR", 30)

# Failed log-ins allowed per window, counted in the database (accounts.LoginAttempt) so every web
# process sees the same count (accounts.selectors.login_attempt_unlock_at): per username from one
# IP address (locks that address out of that account), per IP address across usernames, and per
# username from all addresses (a spread-out attack; the owner's known device is exempt from both
# username limits, so an attacker cannot lock the owner out).
WENDA_LOGIN_FAILURES_PER_USERNAME = env_int("WENDA_LOGIN_FAILURES_PER_USERNAME", 5)
WENDA_LOGIN_FAILURES_PER_IP = env_int("WENDA_LOGIN_FAILURES_PER_IP", 20)
WENDA_LOGIN_FAILURES_PER_ACCOUNT = env_int("WENDA_LOGIN_FAILURES_PER_ACCOUNT", 25)
WENDA_LOGIN_FAILURE_WINDOW_MINUTES = env_int("WENDA_LOGIN_FAILURE_WINDOW_MINUTES", 15)
# How long the signed "known device" cookie set at a successful log-in lasts (accounts/devices.py).
WENDA_LOGIN_KNOWN_DEVICE_DAYS = env_int("WENDA_LOGIN_KNOWN_DEVICE_DAYS", 365)
# Reverse proxies in front of Django that append to X-Forwarded-For. 0 trusts only REMOTE_ADDR;
# behind one proxy set 1, or every visitor shares the proxy's address (and its IP limit).
WENDA_TRUSTED_PROXY_COUNT = env_int("WENDA_TRUSTED_PROXY_COUNT", 0)
WENDA_SITE_NAME = _("Wenda")
