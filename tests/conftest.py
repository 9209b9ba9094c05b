import io

import pytest
from haystack import connections

from tests.factories import make_answer, make_category, make_thread, make_user


def _use_search_index(**options):
    # haystack read HAYSTACK_CONNECTIONS at import time: change its live copy, then drop this
    # thread's engine (other threads, like the live server's, build theirs from the new entry).
    connections.connections_info["default"] = {**connections.connections_info["default"], **options}
    connections.reload("default")


def pytest_configure(config):
    from django.conf import settings

    # The settings default to production hardening when DJANGO_DEBUG is unset; the test client
    # and the live server speak plain http. Fast hashing: every log-in and sign-up hashes.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks (mail) run in-process right after the commit, as WENDA_TASKS_IMMEDIATE=1 does; the
    # settings were read before this hook, so the tasks handler is told of the change.
    from django.test.signals import setting_changed

    settings.WENDA_TASKS_IMMEDIATE = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    # Tests read the compiled catalogue: compile it when the .po changed (a no-op otherwise).
    from django.core.management import call_command

    call_command("compile_translations", verbosity=0, stdout=io.StringIO())


@pytest.fixture(scope="session", autouse=True)
def _search_index_in_tmp(tmp_path_factory):
    """Tests never write to var/whoosh_index; a write that fails must fail the test.

    On disk, one index per test process: Whoosh's RAM storage writes its temporary segment files
    to the fixed path /tmp/MAIN.tmp, so parallel test processes on one machine corrupt each
    other's writes (FileNotFoundError, hangs). A directory also lets every thread (the live
    server's) read the same index.
    """
    _use_search_index(
        STORAGE="file", PATH=str(tmp_path_factory.mktemp("whoosh_index")), SILENTLY_FAIL=False
    )


@pytest.fixture(autouse=True)
def _language_reset_after_each_test():
    """A test-client request activates the request's language in this thread (LocaleMiddleware)
    and nothing deactivates it: without this reset a Chinese page request leaves the next test in
    the same process reading Chinese messages, so results depended on test order."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _posting_rate_limits_lifted(settings):
    """Tests build many posts per user in seconds; tests/forum/test_ratelimits.py sets the limits
    it checks on top of this."""
    for name in ("NEW_QUESTIONS", "NEW_ANSWERS", "QUESTIONS", "ANSWERS"):
        setattr(settings, f"WENDA_RATE_{name}_PER_HOUR", 10_000)


@pytest.fixture(autouse=True)
def _rate_limit_counters_per_test(settings, tmp_path_factory):
    """Each test counts its searches from zero, in a store of its own (the real on-disk cache)."""
    settings.CACHES = {
        **settings.CACHES,
        "rate_limits": {
            **settings.CACHES["rate_limits"],
            "LOCATION": str(tmp_path_factory.mktemp("rate_limits")),
        },
    }


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Uploaded files (uploads/, the demo's screenshots) go to a directory of each test's own,
    never to var/media."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _sentence_vectors_only_where_asked(request, settings):
    """Suggestions by meaning need the model and wait for the background thread that computes
    the vectors: tests that check them ask for `sentence_model` (tests/search/test_semantic.py),
    the others rank by words only (WENDA_EMBEDDINGS=off), as they did before, and do not
    depend on when that thread finishes."""
    if "sentence_model" not in request.fixturenames:
        settings.WENDA_EMBEDDINGS = "off"


@pytest.fixture(scope="session")
def sentence_model():
    """The real sentence-embedding model, loaded once per test process (about 3 s)."""
    from search import encoder

    return encoder.model()


@pytest.fixture
def search_index(db):
    """An empty index; tests write through django_capture_on_commit_callbacks(execute=True)."""
    backend = connections["default"].get_backend()
    backend.clear()
    return backend


@pytest.fixture
def disk_search_index(tmp_path):
    """A real on-disk Whoosh index that other processes and the live server's threads share."""
    previous = connections.connections_info["default"]["PATH"]
    _use_search_index(PATH=str(tmp_path / "whoosh_index"))
    yield connections["default"].get_backend()
    _use_search_index(PATH=previous)


@pytest.fixture
def user(db):
    return make_user(username="member")


@pytest.fixture
def other_user(db):
    return make_user(username="other")


@pytest.fixture
def moderator(db):
    return make_user(username="moderator", moderator=True)


@pytest.fixture
def staff(db):
    return make_user(username="staffer", is_staff=True)


@pytest.fixture
def category(db):
    return make_category(name="Account & login", name_zh="账户与登录", slug="account")


@pytest.fixture
def thread(user, category):
    return make_thread(author=user, category=category, title="I forgot my password")


@pytest.fixture
def answer(thread, other_user):
    return make_answer(thread=thread, author=other_user)


@pytest.fixture(autouse=True)
def _index_writes_in_the_request(settings):
    """A commit's index updates are applied by the committing request (WENDA_SEARCH_WRITES=
    request), so a post is searchable once the test's commit callbacks ran; the background
    thread is tested on its own (tests/search/test_background_writes.py)."""
    settings.WENDA_SEARCH_WRITES = "request"


@pytest.fixture(autouse=True)
def _page_caches_off(settings):
    """The anonymous page cache and the sidebar's (forum/page_cache.py) stay off unless a test
    turns them on (tests/forum/test_page_cache.py): a page cached in an earlier test, or before
    a test's direct ORM change, would be served instead."""
    settings.WENDA_PAGE_CACHE_SECONDS = 0
