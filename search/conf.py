"""The search engine's site settings, each default written once and read when the code runs.

config/settings.py only passes environment variables through (None when unset); tests change
the settings with pytest-django's ``settings`` fixture and the next call sees it. Importing
this module does not import Django, so search.fastscore stays usable outside it.
"""

# Seconds a post's index update waits for the single Whoosh writer (the sync lock, then
# Whoosh's own) before it stays queued in the database for the next writer or
# `manage.py search_check --repair`.
DEFAULT_LOCK_TIMEOUT = 10.0
# Megabytes per web process of decoded posting lists kept between searches (search.fastscore).
DEFAULT_CACHE_MB = 128
# Milliseconds between a web process's checks for another process's commit (search.backend).
DEFAULT_REFRESH_MS = 500
# Seconds one search may spend in Whoosh's own search or on "did you mean" before it answers
# with what it has.
DEFAULT_TIME_BUDGET = 0.5


def _setting(name: str):
    from django.conf import settings

    return getattr(settings, name, None)


def lock_timeout() -> float:
    value = _setting("WENDA_SEARCH_LOCK_TIMEOUT")
    return DEFAULT_LOCK_TIMEOUT if value is None else float(value)


def cache_bytes() -> int:
    """0 turns the postings cache off."""
    value = _setting("WENDA_SEARCH_CACHE_MB")
    megabytes = DEFAULT_CACHE_MB if value is None else float(value)
    return max(0, int(megabytes * 1024 * 1024))


def search_time_budget() -> float:
    value = _setting("WENDA_SEARCH_TIME_BUDGET_MS")
    return DEFAULT_TIME_BUDGET if value is None else max(0.0, float(value) / 1000)


def searcher_refresh_seconds() -> float:
    """How long a searcher is used before asking whether another process committed (0: before
    each search). Commits of this process are seen at once."""
    value = _setting("WENDA_SEARCH_REFRESH_MS")
    milliseconds = DEFAULT_REFRESH_MS if value is None else float(value)
    return max(0.0, milliseconds / 1000)


def background_writes() -> bool:
    """WENDA_SEARCH_WRITES: "background" (the default) applies a commit's index updates in a
    thread of the process, "request" in the committing request before it answers."""
    return search_writes() != "request"


def search_writes() -> str:
    """The WENDA_SEARCH_WRITES value, lower case; anything but "request" writes in the
    background, and search.checks reports a value that is neither."""
    value = _setting("WENDA_SEARCH_WRITES")
    return str(value).strip().lower() if value else "background"


def embeddings_enabled() -> bool:
    """WENDA_EMBEDDINGS=off: no model is loaded, no vector computed or read; suggestions rank
    by words only, as before the sentence vectors."""
    value = _setting("WENDA_EMBEDDINGS")
    return str(value).strip().lower() not in {"off", "0", "false", "no"} if value else True
