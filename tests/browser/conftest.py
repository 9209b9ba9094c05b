"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's own browser download does not work here, so the launch arguments point at
/usr/bin/chromium (scripts/install_browser.sh installs it). When Chromium or the Playwright
plugin is missing the tests are skipped on a laptop and fail in CI (CI=true).
"""

import os
import shutil

import pytest

# The live server runs in a thread of this process while Playwright's sync API runs an event
# loop in it; Django would otherwise refuse database access as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("WENDA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _missing_reason(config) -> str | None:
    if not config.pluginmanager.hasplugin("playwright"):
        return "the pytest-playwright plugin is not active (-p no:playwright?)"
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not shutil.which(
        CHROMIUM
    ):
        return f"Chromium not found at {CHROMIUM}: run scripts/install_browser.sh"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing_reason(config)
    if reason is None or _in_ci():
        return  # in CI a missing browser fails the tests instead (browser_type_launch_args)
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, pytestconfig):
    reason = _missing_reason(pytestconfig)
    if reason is not None:
        pytest.fail(f"browser tests cannot run: {reason}", pytrace=False)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def plain_http_site(settings, transactional_db):
    """The live server speaks http: no https redirect, cookies without the Secure flag; fast
    password hashing for the log-ins."""
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
