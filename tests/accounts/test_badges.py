import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.factories import make_user


def render_badge(author, request=None):
    return render_to_string("accounts/_user_badge.html", {"author": author}, request=request)


def test_badge_shows_official_for_staff(staff):
    html = render_badge(staff)
    assert "Official" in html
    assert "badge-official" in html
    assert staff.get_absolute_url() in html


def test_badge_shows_moderator_for_moderators(moderator):
    html = render_badge(moderator)
    assert "Moderator" in html
    assert "badge-official" not in html


def test_badge_shows_no_role_for_members_and_uses_the_public_name(user):
    user.display_name = "王小明"
    html = render_badge(user)
    assert "王小明" in html
    assert "badge-official" not in html
    assert "badge-moderator" not in html


def test_a_deactivated_staff_account_loses_the_official_badge(staff):
    staff.is_active = False
    assert "badge-official" not in render_badge(staff)


@pytest.mark.django_db
def test_badge_renders_for_a_missing_author():
    assert "user-deleted" in render_badge(None)


def test_roles_for_a_page_of_authors_cost_one_query(django_assert_num_queries, moderator, staff):
    members = [make_user() for _ in range(5)]
    authors = [moderator, staff, *members]
    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        html = "".join(render_badge(author, request) for author in authors * 3)
    assert html.count("badge-moderator") == 3
    assert html.count("badge-official") == 3


def test_the_safety_notice_names_private_key_seed_phrase_and_password():
    html = render_to_string("accounts/_staff_never_ask_notice.html")
    assert (
        "Staff will never ask for your private key, seed phrase (recovery words) or password."
    ) in html


@pytest.fixture
def moderators_kept(settings):
    from accounts import selectors

    settings.WENDA_PAGE_CACHE_SECONDS = 30
    selectors.forget_moderator_ids()
    yield
    selectors.forget_moderator_ids()


def test_the_list_of_moderators_is_read_once_per_process_while_the_page_cache_lasts(
    moderators_kept, moderator, user, django_assert_num_queries
):
    render_badge(user)
    with django_assert_num_queries(0):
        assert "Moderator" in render_badge(moderator)
        assert "badge-moderator" not in render_badge(user)


def test_a_member_made_moderator_shows_the_badge_at_once_despite_the_kept_list(
    moderators_kept, user
):
    from django.contrib.auth.models import Group

    from core.roles import MODERATORS_GROUP

    assert "badge-moderator" not in render_badge(user)
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    assert "badge-moderator" in render_badge(user)
    user.groups.clear()
    assert "badge-moderator" not in render_badge(user)


def test_a_moderators_group_losing_its_permission_drops_the_badge_at_once(
    moderators_kept, moderator
):
    from django.contrib.auth.models import Group

    from core.roles import MODERATORS_GROUP

    assert "badge-moderator" in render_badge(moderator)
    Group.objects.get(name=MODERATORS_GROUP).permissions.clear()
    assert "badge-moderator" not in render_badge(moderator)
