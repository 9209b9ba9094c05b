import pytest

from tests.faq.factories import make_faq_category, make_faq_entry


@pytest.fixture
def faq_category(db):
    return make_faq_category(name="Getting started", name_zh="入门")


@pytest.fixture
def faq_entry(moderator, faq_category):
    return make_faq_entry(
        created_by=moderator, category=faq_category, question="How do I back up my wallet?"
    )
