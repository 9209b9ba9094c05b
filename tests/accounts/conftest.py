import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every log-in attempt hashes a password (even for unknown names); the default PBKDF2 cost
    # would make the lock-out tests take tens of seconds on a shared machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_http_test_client(settings):
    # With DJANGO_DEBUG unset the settings redirect http to https; the test client speaks http.
    settings.SECURE_SSL_REDIRECT = False
