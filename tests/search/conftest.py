import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Search tests create many users; PBKDF2 at production strength costs ~0.7 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # With DJANGO_DEBUG unset the settings redirect http to https; the test client speaks http.
    settings.SECURE_SSL_REDIRECT = False
