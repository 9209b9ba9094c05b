import pytest

from tests.factories import make_answer, make_category, make_thread, make_user


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
