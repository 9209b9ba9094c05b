import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import make_user

SIGNUP_URL = "/accounts/signup/"


def signup_data(**changes):
    data = {
        "username": "wang_lei",
        "display_name": "王磊",
        "email": "wang@example.com",
        "password1": "purple-monkey-dishwasher-7",
        "password2": "purple-monkey-dishwasher-7",
    }
    return {**data, **changes}


def test_signup_url_is_the_contract_url():
    assert reverse("accounts:signup") == SIGNUP_URL


@pytest.mark.django_db
def test_signup_page_renders_in_both_languages(client):
    assert client.get(SIGNUP_URL).status_code == 200
    response = client.get(SIGNUP_URL, headers={"accept-language": "zh-hans"})
    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()


@pytest.mark.django_db
def test_signup_creates_the_member_logs_them_in_and_returns_to_next(client):
    response = client.post(SIGNUP_URL, signup_data(next="/ask/"))
    assert response.status_code == 302
    assert response["Location"] == "/ask/"
    user = get_user_model().objects.get(username="wang_lei")
    assert user.display_name == "王磊"
    assert user.email == "wang@example.com"
    assert not user.is_staff
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_signup_ignores_a_next_url_on_another_site(client):
    response = client.post(SIGNUP_URL, signup_data(next="https://evil.example/phish"))
    assert response.status_code == 302
    assert response["Location"] == reverse("forum:home")


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["官方客服", "Admin", "ｓｕｐｐｏｒｔ", "bitpie_support"])
def test_signup_refuses_a_username_posing_as_staff_and_keeps_the_form(client, username):
    response = client.post(SIGNUP_URL, signup_data(username=username))
    assert response.status_code == 400
    assert not get_user_model().objects.filter(email="wang@example.com").exists()
    assert "reserved" in " ".join(response.context["form"].errors["username"])
    assert response.context["form"]["email"].value() == "wang@example.com"


@pytest.mark.django_db
def test_signup_refuses_a_display_name_posing_as_staff(client):
    response = client.post(SIGNUP_URL, signup_data(display_name="官方客服 小李"))
    assert response.status_code == 400
    assert "display_name" in response.context["form"].errors
    assert not get_user_model().objects.filter(username="wang_lei").exists()


@pytest.mark.django_db
def test_signup_refuses_a_look_alike_of_an_existing_staff_name(client):
    make_user(username="xiaolin", display_name="Lin Wei", is_staff=True)
    for username, display_name in [("Xiao_Lin", ""), ("x1aoIin", ""), ("member9", "Lin.W3i")]:
        response = client.post(
            SIGNUP_URL, signup_data(username=username, display_name=display_name)
        )
        assert response.status_code == 400, username
    assert not get_user_model().objects.filter(email="wang@example.com").exists()


@pytest.mark.django_db
def test_signup_refuses_bad_input_with_form_errors_not_a_crash(client):
    make_user(username="Taken")
    cases = [
        signup_data(username="taken"),  # exists (case-insensitively)
        signup_data(password2="something-else-entirely"),
        signup_data(email=""),
        signup_data(email="not-an-address"),
        signup_data(username=""),
        signup_data(username="bad name with spaces"),
        signup_data(password1="123", password2="123"),
        signup_data(display_name="x" * 41),
        signup_data(username="nul\x00byte"),
    ]
    for data in cases:
        response = client.post(SIGNUP_URL, data)
        assert response.status_code == 400, data
        assert response.context["form"].errors
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_staff_created_by_an_admin_may_use_a_reserved_name():
    staff = make_user(username="bitpie-support", display_name="官方客服", is_staff=True)
    assert staff.pk
