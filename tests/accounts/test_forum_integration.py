"""The accounts partials where members meet them: on the forum's pages."""

from django.urls import reverse

from tests.factories import make_answer

NOTICE = "Staff will never ask for your private key, seed phrase (recovery words) or password."


def test_the_ask_form_and_the_answer_form_show_the_staff_never_ask_notice(client, user, thread):
    client.force_login(user)
    assert NOTICE in client.get(reverse("forum:ask")).content.decode()
    assert NOTICE in client.get(thread.get_absolute_url()).content.decode()


def test_a_thread_page_marks_staff_answers_official_and_moderator_answers(
    client, thread, staff, moderator
):
    make_answer(thread=thread, author=staff, body="Official reply.")
    make_answer(thread=thread, author=moderator, body="Moderator reply.")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert page.count("badge-official") == 1
    assert page.count("badge-moderator") == 1
    assert staff.get_absolute_url() in page
