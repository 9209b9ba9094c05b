from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from accounts import devices, services
from accounts.models import LoginAttempt
from tests.factories import PASSWORD

LOGIN_URL = "/accounts/login/"


def test_login_url_is_the_contract_url():
    assert reverse("accounts:login") == LOGIN_URL


@pytest.mark.django_db
def test_login_page_renders(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_login_with_the_right_password_logs_in_and_follows_next(client, user):
    response = client.post(LOGIN_URL, {"username": "member", "password": PASSWORD, "next": "/t/1/"})
    assert response.status_code == 302
    assert response["Location"] == "/t/1/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_a_wrong_password_is_refused_keeps_the_username_and_counts(client, user):
    response = client.post(LOGIN_URL, {"username": "member", "password": "wrong"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert response.context["form"]["username"].value() == "member"
    assert LoginAttempt.objects.filter(username="member").count() == 1


def test_logout_is_a_post_and_ends_the_session(client, user):
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def _fail(client, username, ip="10.0.0.1"):
    return client.post(LOGIN_URL, {"username": username, "password": "wrong"}, REMOTE_ADDR=ip)


def test_five_failures_lock_that_address_out_of_the_account_even_with_the_right_password(
    client, user
):
    for _ in range(4):
        assert _fail(client, "member").status_code == 400
    fifth = _fail(client, "Member")  # case does not open a second counter
    assert fifth.status_code == 429
    response = client.post(
        LOGIN_URL, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    message = " ".join(response.context["form"].non_field_errors())
    assert "Too many failed log-in attempts; try again in 15 minutes." in message
    assert response.context["form"]["username"].value() == "member"
    assert int(response["Retry-After"]) > 14 * 60
    # Attempts while locked are not counted, so hammering does not extend the lock.
    assert LoginAttempt.objects.count() == 5


def test_an_attackers_failures_do_not_lock_the_owner_out_from_another_address(client, user):
    for _ in range(5):
        _fail(client, "member", ip="198.51.100.66")
    owner = Client()
    response = owner.post(
        LOGIN_URL, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(user.pk)
    # The attacker's address stays locked, and says for how long.
    attacker = _fail(client, "member", ip="198.51.100.66")
    assert attacker.status_code == 429
    assert int(attacker["Retry-After"]) > 14 * 60


def test_staff_are_not_locked_out_by_someone_guessing_their_password(client, staff):
    for _ in range(5):
        _fail(client, "staffer", ip="198.51.100.66")
    response = Client().post(
        LOGIN_URL, {"username": "staffer", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 302


def known_device_for(user, ip="10.0.0.2") -> Client:
    """The owner's browser, after one successful log-in (and a log-out)."""
    device = Client()
    response = device.post(
        LOGIN_URL, {"username": user.username, "password": PASSWORD}, REMOTE_ADDR=ip
    )
    assert response.status_code == 302
    assert devices.COOKIE_NAME in response.cookies
    device.post(reverse("accounts:logout"))
    return device


def test_the_owners_known_device_gets_in_even_from_the_attackers_address(client, user):
    device = known_device_for(user)
    for _ in range(5):
        _fail(client, "member", ip="198.51.100.66")  # e.g. the same café Wi-Fi
    response = device.post(
        LOGIN_URL, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="198.51.100.66"
    )
    assert response.status_code == 302
    assert device.session["_auth_user_id"] == str(user.pk)
    assert _fail(client, "member", ip="198.51.100.66").status_code == 429


def test_an_attack_spread_over_many_addresses_hits_the_per_account_limit(client, user, settings):
    settings.WENDA_LOGIN_FAILURES_PER_ACCOUNT = 12
    device = known_device_for(user)
    for number in range(12):  # 3 guesses from each of 4 addresses: no address reaches 5
        assert _fail(client, "member", ip=f"203.0.113.{number % 4}").status_code in (400, 429)
    assert _fail(client, "member", ip="203.0.113.99").status_code == 429
    # A device that never logged in to the account is refused, even with the right password...
    response = Client().post(
        LOGIN_URL, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.0.3"
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 14 * 60
    # ...while the owner's known device still gets in.
    response = device.post(
        LOGIN_URL, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.0.3"
    )
    assert response.status_code == 302


def test_a_known_device_cookie_counts_only_for_its_own_account(client, user, other_user):
    device = known_device_for(other_user)
    for number in range(25):
        services.login_failure_record(username="member", ip_address=f"203.0.113.{number}")
    response = device.post(
        LOGIN_URL, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.0.3"
    )
    assert response.status_code == 429


def test_a_forged_known_device_cookie_is_ignored(client, user):
    for number in range(25):
        services.login_failure_record(username="member", ip_address=f"203.0.113.{number}")
    client.cookies[devices.COOKIE_NAME] = '["member"]'
    response = client.post(
        LOGIN_URL, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.0.3"
    )
    assert response.status_code == 429


def test_a_known_device_still_obeys_the_per_ip_limit(client, user):
    device = known_device_for(user)
    for number in range(20):
        services.login_failure_record(username=f"guess{number}", ip_address="10.0.0.9")
    response = device.post(
        LOGIN_URL, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429


def test_an_account_lock_out_expires_after_the_window(client, user):
    for _ in range(5):
        _fail(client, "member")
    LoginAttempt.objects.update(
        attempted_at=LoginAttempt.objects.first().attempted_at - timedelta(minutes=16)
    )
    response = client.post(
        LOGIN_URL, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 302


def test_an_ip_address_is_locked_after_twenty_failures_across_accounts(client, user):
    for number in range(19):
        services.login_failure_record(username=f"guess{number % 4}", ip_address="10.0.0.9")
    assert _fail(client, "someone-else", ip="10.0.0.9").status_code == 429
    response = client.post(
        LOGIN_URL, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    response = client.post(
        LOGIN_URL, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.0.10"
    )
    assert response.status_code == 302


def test_an_ip_lock_out_expires_after_the_window(client, user):
    for number in range(20):
        services.login_failure_record(username=f"guess{number}", ip_address="10.0.0.9")
    assert (
        client.post(
            LOGIN_URL, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
        ).status_code
        == 429
    )
    LoginAttempt.objects.update(
        attempted_at=LoginAttempt.objects.first().attempted_at - timedelta(minutes=15, seconds=1)
    )
    assert (
        client.post(
            LOGIN_URL, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
        ).status_code
        == 302
    )


def test_a_successful_login_forgives_earlier_typos_from_that_address_only(client, user):
    for _ in range(3):
        _fail(client, "member", ip="10.0.0.1")
    _fail(client, "member", ip="10.0.0.66")
    client.post(LOGIN_URL, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert list(LoginAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.66"]


def test_limits_come_from_settings(client, user, settings):
    settings.WENDA_LOGIN_FAILURES_PER_USERNAME = 2
    _fail(client, "member")
    assert _fail(client, "member").status_code == 429


def test_the_client_ip_is_read_from_x_forwarded_for_only_behind_a_trusted_proxy(
    client, user, settings
):
    headers = {"x-forwarded-for": "203.0.113.7, 198.51.100.2"}
    client.post(LOGIN_URL, {"username": "member", "password": "x"}, headers=headers)
    settings.WENDA_TRUSTED_PROXY_COUNT = 1
    client.post(LOGIN_URL, {"username": "member", "password": "x"}, headers=headers)
    settings.WENDA_TRUSTED_PROXY_COUNT = 2
    client.post(
        LOGIN_URL,
        {"username": "member", "password": "x"},
        headers={"x-forwarded-for": "not-an-ip, 198.51.100.2"},
    )
    assert list(LoginAttempt.objects.order_by("pk").values_list("ip_address", flat=True)) == [
        "127.0.0.1",
        "198.51.100.2",
        None,
    ]


@pytest.mark.django_db
def test_the_admin_login_goes_through_the_rate_limited_form(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/admin/"


def test_odd_usernames_get_a_form_error_not_a_crash(client, user):
    for username in ["", "nul\x00byte", "x" * 5000, "   "]:
        response = client.post(LOGIN_URL, {"username": username, "password": "wrong"})
        assert response.status_code == 400, username
        assert response.context["form"].errors


def test_staff_see_failed_log_ins_in_the_admin_and_can_delete_them_to_unlock(admin_client):
    services.login_failure_record(username="member", ip_address="10.0.0.1")
    attempt = LoginAttempt.objects.get()
    response = admin_client.get(reverse("admin:accounts_loginattempt_changelist"))
    assert response.status_code == 200
    assert b"10.0.0.1" in response.content
    delete_url = reverse("admin:accounts_loginattempt_delete", args=[attempt.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not LoginAttempt.objects.exists()
