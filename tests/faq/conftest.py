import pytest

from tests.faq.factories import make_faq_category, make_faq_entry


@pytest.fixture
def faq_category(db):
    return make_faq_category(name="Getting started", name_zh="入门")


@pytest.fixture
def faq_entry(moderator, faq_category):
    return make_faq_entry(created_by=moderator, category=faq_category,
                          question="How do I back up my wallet?")


@pytest.fixture(autouse=True)
def _plain_http(settings):
    # With DJANGO_DEBUG unset the settings redirect http to https; the test client speaks http.
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The default PBKDF2 costs ~1 s per user on this shared machine; these tests are not about
    # hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
