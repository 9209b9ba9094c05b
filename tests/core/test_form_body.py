"""Form bodies in another charset, or not valid UTF-8, are refused with a 400 that says why."""

import json

import pytest
from django.test import Client

from accounts.models import LoginAttempt
from tests.factories import PASSWORD

LOGIN_URL = "/accounts/login/"
URLENCODED = "application/x-www-form-urlencoded"


@pytest.fixture
def csrf_client(db):
    """A browser-like client: the CSRF check reads the body, which is where the 500 came from."""
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN_URL)
    return client


def post_raw(client, body: bytes, content_type: str, url=LOGIN_URL, **headers):
    token = client.cookies["csrftoken"].value
    return client.generic(
        "POST", url, data=body, content_type=content_type, headers={"X-CSRFToken": token, **headers}
    )


def multipart(username: bytes, boundary="b0undary") -> bytes:
    return (
        f'--{boundary}\r\nContent-Disposition: form-data; name="username"\r\n\r\n'.encode()
        + username
        + f"\r\n--{boundary}--\r\n".encode()
    )


@pytest.mark.parametrize(
    ("charset", "body"),
    [
        ("utf-16", "username=member&password=x".encode("utf-16")),
        ("latin-1", "username=José&password=x".encode("latin-1")),
        ("gbk", "username=用户&password=x".encode("gbk")),
        ("gbk", b"username=%D3%C3%BB%A7&password=x"),
        ("x-made-up", b"username=member&password=x"),
        ("ascii", "username=José&password=x".encode()),  # not ASCII, whatever it says
    ],
)
def test_a_form_in_another_charset_is_a_400_with_the_reason_not_a_500(
    csrf_client, user, charset, body
):
    response = post_raw(csrf_client, body, f"{URLENCODED}; charset={charset}")
    assert response.status_code == 400
    page = response.content.decode()
    assert f"sent in the “{charset}” character encoding" in page
    assert "only accepts UTF-8, so nothing was saved" in page
    assert not LoginAttempt.objects.exists()


def test_the_reason_is_in_the_readers_language(csrf_client, user):
    response = post_raw(
        csrf_client,
        b"username=member&password=x",
        f"{URLENCODED}; charset=utf-16",
        **{"Accept-Language": "zh-hans"},
    )
    assert response.status_code == 400
    assert "只接受 UTF-8" in response.content.decode()


def test_a_client_that_asks_for_json_gets_the_reason_as_json(csrf_client, user):
    response = post_raw(
        csrf_client,
        b"body=hello",
        f"{URLENCODED}; charset=latin-1",
        url="/preview/",
        Accept="application/json",
    )
    assert response.status_code == 400
    assert "only accepts UTF-8" in json.loads(response.content)["error"]


@pytest.mark.parametrize(
    "body",
    [
        "username=用户&password=x".encode("gbk"),  # raw bytes that are not UTF-8
        b"username=%D3%C3%BB%A7&password=x",  # percent-encoded bytes that are not UTF-8
    ],
)
def test_a_body_that_is_not_valid_utf8_is_refused_rather_than_garbled(csrf_client, user, body):
    for content_type in (URLENCODED, f"{URLENCODED}; charset=utf-8"):
        response = post_raw(csrf_client, body, content_type)
        assert response.status_code == 400
        assert "not valid UTF-8" in response.content.decode()
    assert not LoginAttempt.objects.exists()


@pytest.mark.parametrize("charset", ["utf-8", "UTF8", "utf_8"])
def test_utf8_by_any_spelling_is_read_as_typed(csrf_client, user, charset):
    body = f"username=member&password={PASSWORD}".encode()
    response = post_raw(csrf_client, body, f"{URLENCODED}; charset={charset}")
    assert response.status_code == 302
    assert csrf_client.session["_auth_user_id"] == str(user.pk)


def test_an_ascii_body_labelled_ascii_is_accepted_since_it_is_the_same_text(csrf_client, user):
    body = f"username=member&password={PASSWORD}".encode()
    response = post_raw(csrf_client, body, f"{URLENCODED}; charset=us-ascii")
    assert response.status_code == 302


@pytest.mark.parametrize("charset", ["utf-16", "gbk", "latin-1", "x-made-up"])
def test_a_multipart_form_in_another_charset_is_refused_too(csrf_client, user, charset):
    response = post_raw(
        csrf_client,
        multipart("用户".encode("gbk")),
        f"multipart/form-data; boundary=b0undary; charset={charset}",
    )
    assert response.status_code == 400
    assert "only accepts UTF-8" in response.content.decode()


def test_a_multipart_form_in_utf8_still_works(csrf_client, user):
    body = (
        multipart(b"member", boundary="b")[: -len("--b--\r\n")]
        + b'--b\r\nContent-Disposition: form-data; name="password"\r\n\r\n'
        + f"{PASSWORD}\r\n--b--\r\n".encode()
    )
    response = post_raw(csrf_client, body, "multipart/form-data; boundary=b")
    assert response.status_code == 302


def test_a_form_django_cannot_parse_is_a_400_with_a_reason(csrf_client, user, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    body = "&".join(f"f{number}=x" for number in range(20)).encode()
    response = post_raw(csrf_client, body, URLENCODED)
    assert response.status_code == 400
    assert "too many fields" in response.content.decode()
