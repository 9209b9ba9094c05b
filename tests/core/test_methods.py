"""Every URL answers methods it does not take with 405 and an Allow header (issue 9.2)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests.factories import make_answer, make_thread, make_user

UNSUPPORTED = ["PUT", "DELETE", "PATCH", "FOO"]
_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<\w+>([^)]*)\)")


def _route_part(pattern) -> str:
    """A concrete URL piece for a pattern: 1 for numbers, the first choice of an alternation."""
    text = str(pattern)
    if hasattr(pattern, "_route"):
        return _ROUTE_PARAMETER.sub(
            lambda match: "1" if match.group("converter") == "int" else "x", text
        )
    text = _REGEX_GROUP.sub(lambda match: match.group(1).split("|")[0], text)
    text = text.replace(r"\d+", "1").replace("[^/]+", "x").replace(".+", "x")
    return text.lstrip("^").rstrip("$").replace("\\", "")


def every_url(patterns=None, prefix="/"):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from every_url(entry.url_patterns, prefix + _route_part(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + _route_part(entry.pattern), entry


def test_the_url_walk_reaches_every_pattern_of_the_project():
    urls = list(every_url())
    unresolved = []
    for url, _entry in urls:
        try:
            resolve(url)
        except Resolver404:
            unresolved.append(url)
    assert not unresolved
    # Site pages, the FAQ, moderation, search and the whole admin are all walked.
    assert len(urls) > 100
    assert {"/ask/", "/faq/", "/mod/queue/", "/search/", "/admin/"} <= {url for url, _ in urls}


@pytest.mark.parametrize("method", UNSUPPORTED)
def test_every_url_answers_an_unsupported_method_with_405_and_allow(client, method, db):
    staff = make_user(username="walker", is_staff=True, is_superuser=True)
    client.force_login(staff)
    make_answer(thread=make_thread(author=staff))
    failures = []
    for url, _entry in every_url():
        response = client.generic(method, url)
        allow = response.headers.get("Allow", "")
        if response.status_code != 405 or not allow or method in allow or "PUT" in allow:
            failures.append((url, response.status_code, allow))
    assert not failures


def test_a_put_to_a_page_gets_the_translated_405_page(client, db):
    response = client.put("/ask/", headers={"Accept-Language": "zh-hans"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    assert "此地址不接受这种请求" in response.content.decode()


def test_a_client_asking_for_json_gets_the_405_as_json(client, db):
    response = client.delete("/api/similar", headers={"Accept": "application/json"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    assert response.json() == {"error": "This address does not accept DELETE requests."}


def test_views_keep_the_methods_they_declare(client, user, thread):
    client.force_login(user)
    # forum's post_only answers a GET itself, with its own Allow.
    response = client.get(f"/t/{thread.pk}/vote/")
    assert (response.status_code, response["Allow"]) == (405, "POST")
    assert "only takes a button press" in response.content.decode()
    # require_POST (faq) and a class-based view (logout) declare POST.
    assert client.put("/faq/1/publish/")["Allow"] == "POST"
    response = client.get("/accounts/logout/")
    assert (response.status_code, response["Allow"]) == (405, "POST")
    assert "only takes a button press" in response.content.decode()  # Django's empty 405, filled
    # require_http_methods (the similar-questions API: the ask page POSTs) declares GET, POST.
    assert client.patch("/api/similar")["Allow"] == "GET, POST"


def test_options_answers_200_with_allow(client, db):
    response = client.options("/ask/")
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_get_head_and_post_still_reach_the_views(client, user, thread):
    assert client.get(thread.get_absolute_url()).status_code == 200
    assert client.head(thread.get_absolute_url()).status_code == 200
    client.force_login(user)
    response = client.post(f"/t/{thread.pk}/answer/", {"body": "Reset it from the e-mail link."})
    assert response.status_code == 302
