import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Search tests create many users; PBKDF2 at production strength costs ~0.7 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
