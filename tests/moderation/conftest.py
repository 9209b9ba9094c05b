import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # These tests log in many users; PBKDF2 at production strength costs ~0.7 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # With DJANGO_DEBUG unset the settings redirect http to https; the test client speaks http.
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def client_for(client):
    """client_for(user) logs that user in (None stays anonymous) and returns the client."""

    def log_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return log_in
