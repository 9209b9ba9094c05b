import pytest
from django.urls import reverse

from forum.services import answer_create
from tests.factories import make_answer, make_thread, make_user


def test_profile_shows_public_name_joined_date_and_visible_posts(client, user, category):
    user.display_name = "王小明"
    user.save()
    shown = make_thread(author=user, category=category, title="Where is my deposit?")
    hidden = make_thread(author=user, category=category, title="A hidden question")
    hidden.is_hidden = True
    hidden.save()
    answer_create(thread=make_thread(title="How do fees work?"), author=user, body="Like this.")
    response = client.get(reverse("accounts:profile", args=["member"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "王小明" in page
    assert "@member" in page
    assert shown.title in page
    assert hidden.title not in page
    assert "How do fees work?" in page
    assert list(response.context["thread_page"]) == [shown]
    assert response.context["answer_page"].paginator.count == 1


def test_profile_of_an_unknown_or_deactivated_member_is_a_404(client, user):
    assert client.get(reverse("accounts:profile", args=["nobody"])).status_code == 404
    user.is_active = False
    user.save()
    assert client.get(reverse("accounts:profile", args=["member"])).status_code == 404


def test_profile_shows_the_official_badge_for_staff(client, staff):
    response = client.get(staff.get_absolute_url())
    assert response.status_code == 200
    assert "badge-official" in response.content.decode()


def test_a_profile_address_with_a_nul_byte_is_a_404_not_a_database_error(client, user):
    # PostgreSQL refuses NUL in text; such a username cannot exist.
    client.force_login(user)
    for name in ["accounts:profile", "accounts:profile_edit"]:
        assert client.get(reverse(name, args=["mem\x00ber"])).status_code == 404
    assert client.get("/accounts/u/member%00/").status_code == 404


def test_profile_edit_asks_anonymous_visitors_to_log_in(client, user):
    url = reverse("accounts:profile_edit", args=["member"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.post(url, {"display_name": "Hacker"})
    user.refresh_from_db()
    assert user.display_name == ""


def test_profile_edit_is_refused_to_another_member(client, user, other_user):
    client.force_login(other_user)
    url = reverse("accounts:profile_edit", args=["member"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"display_name": "Hacker"}).status_code == 403
    user.refresh_from_db()
    assert user.display_name == ""


def test_profile_edit_lets_the_owner_change_their_display_name(client, user):
    client.force_login(user)
    url = reverse("accounts:profile_edit", args=["member"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"display_name": "  Lei Wang  "})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Lei Wang"
    assert user.public_name == "Lei Wang"


def test_profile_edit_refuses_a_display_name_posing_as_staff_and_keeps_it_in_the_form(client, user):
    make_user(username="xiaolin", is_staff=True)
    client.force_login(user)
    url = reverse("accounts:profile_edit", args=["member"])
    for name in ["官方客服", "Support Team", "Xiao Lin", "x" * 41]:
        response = client.post(url, {"display_name": name})
        assert response.status_code == 400, name
        assert response.context["form"]["display_name"].value() == name
    user.refresh_from_db()
    assert user.display_name == ""


def test_staff_may_give_themselves_an_official_display_name(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("accounts:profile_edit", args=[staff.username]), {"display_name": "官方客服 Lin"}
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.display_name == "官方客服 Lin"


def test_a_moderator_may_keep_a_display_name_like_their_own_username(client, db):
    moderator = make_user(username="helper_chen", moderator=True)
    client.force_login(moderator)
    response = client.post(
        reverse("accounts:profile_edit", args=["helper_chen"]), {"display_name": "Helper Chen"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_profile_lists_are_paginated(client, category):
    author = make_user(username="prolific")
    for number in range(12):
        make_thread(author=author, category=category, title=f"Question number {number}")
    make_answer(author=author)
    first = client.get(reverse("accounts:profile", args=["prolific"]))
    assert len(first.context["thread_page"]) == 10
    second = client.get(reverse("accounts:profile", args=["prolific"]), {"threads": 2})
    assert len(second.context["thread_page"]) == 2
