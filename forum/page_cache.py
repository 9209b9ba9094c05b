"""Caches for the pages most traffic reads: the sidebar, and whole pages for anonymous readers.

Anonymous readers are most of a forum's traffic and all see the same page for a URL and a
language, so `cached_for_anonymous` keeps the rendered thread and list pages for
``WENDA_PAGE_CACHE_SECONDS`` (0 turns it, the sidebar's and the counts' caches off), in each
web process's memory (the "pages" cache). A cached page is keyed by the *content versions* it
shows: a token per thread, and one for the lists, kept in the "page_versions" cache on disk so
that every web process on the box reads the same ones. After each commit that changes a search
document (a post, an edit, a vote, hiding, deleting, moving: search.index_queue announces
`DocumentsQueued`) the tokens of the threads concerned and of the lists are replaced, so no
process serves the old page again. What changes without a search document (a vote score, an
escalation notice, a FAQ mark, "3 minutes ago", a thread page's sidebar, a list's count) is at
most the cache's lifetime old for anonymous readers; members always get a fresh page. The
search page is keyed by the index commit (and vector state) its searcher reads instead: a
search after any commit is a new page, so results are never older than an uncached search's.

Nothing personal is ever cached: only requests without a session or messages cookie are
(no member, no pending message), and the CSRF token of the language form is written into the
stored page as a placeholder that each response replaces with the reader's own token.
"""

import secrets
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from search.index_queue import DocumentsQueued

LISTINGS = "listings"
SIDEBAR_SECONDS = 60
# Rendered by {% csrf_token %} in a page being cached; a response carries the reader's token.
CSRF_PLACEHOLDER = "wenda-csrf-placeholder-7d2f0c"
THREAD_LABEL = "forum.thread"
# On pages the cache could serve: "hit" or "miss" (as Discourse's X-Discourse-Cached), for
# operators and benchmarks/load.py.
CACHE_HEADER = "X-Page-Cache"


def page_seconds() -> int:
    return int(getattr(settings, "WENDA_PAGE_CACHE_SECONDS", 0) or 0)


def _version_seconds() -> int:
    # A version token outlives every page cached under it: if it expired first, a page stored
    # under the token before it would become current again.
    return 2 * max(page_seconds(), SIDEBAR_SECONDS) + 60


def thread_key(thread_id) -> str:
    return f"thread:{thread_id}"


def version(name: str) -> str:
    """The current token of `name` ("0" until something bumped it)."""
    return caches["page_versions"].get(name) or "0"


def bump(names) -> None:
    store = caches["page_versions"]
    for name in dict.fromkeys(names):
        store.set(name, secrets.token_hex(8), _version_seconds())


def documents_changed(event: DocumentsQueued) -> None:
    """After a commit that changed search documents: those threads' pages and every list."""
    thread_ids = [pk for label, pk in event.keys if label == THREAD_LABEL]
    bump([thread_key(pk) for pk in thread_ids] + [LISTINGS])


def sidebar(compute: Callable[[], dict]) -> dict:
    """The sidebar's data (categories, popular tags with their counts), shared by every page of
    this process for a minute or until the lists change (not cached with the page cache off)."""
    if page_seconds() <= 0:
        return compute()
    key = f"sidebar:{version(LISTINGS)}"
    store = caches["pages"]
    data = store.get(key)
    if data is None:
        data = compute()
        store.set(key, data, SIDEBAR_SECONDS)
    return data


def cached_count(key: tuple, compute: Callable[[], int]) -> int:
    """A list's thread count, kept in this process for the page cache's lifetime: exact to
    within that many seconds, and not recounted after each post."""
    if page_seconds() <= 0:
        return compute()
    store = caches["pages"]
    name = "count:" + ":".join(str(part) for part in key)
    count = store.get(name)
    if count is None:
        count = compute()
        store.set(name, count, page_seconds())
    return count


def _cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and page_seconds() > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
        and not request.user.is_authenticated
    )


def _with_reader_token(request, content: bytes) -> bytes:
    return content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())


def cached_for_anonymous(
    versions: Callable[..., list[str]], stamp: Callable[[], str | None] | None = None
):
    """Serve the view's 200 pages to anonymous readers from the cache; `versions(**kwargs)`
    names the content versions a page shows (the view receives ``csrf_placeholder`` and
    renders it as the page's CSRF token). `stamp()`, if given, is one more part of the key
    that the page's source tells itself (the search index's commit); None: not cached."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            tokens = [version(name) for name in versions(**kwargs)]
            if stamp is not None:
                token = stamp()
                if token is None:
                    return view(request, *args, **kwargs)
                tokens.append(token)
            key = f"page:{translation.get_language()}:{':'.join(tokens)}:{request.get_full_path()}"
            store = caches["pages"]
            cached = store.get(key)
            if cached is None:
                response = view(request, *args, csrf_placeholder=CSRF_PLACEHOLDER, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                store.set(key, (response.content, response["Content-Type"]), page_seconds())
                response.content = _with_reader_token(request, response.content)
                response[CACHE_HEADER] = "miss"
                return response
            content, content_type = cached
            response = HttpResponse(_with_reader_token(request, content), content_type=content_type)
            response[CACHE_HEADER] = "hit"
            return response

        return wrapper

    return decorate
