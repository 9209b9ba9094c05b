"""@name in posts renders as a link to the member's profile, through the real services."""

from forum.services import answer_create, thread_edit
from tests.factories import make_thread, make_user


def test_a_mention_of_a_member_links_to_their_profile_and_unknown_names_stay_text(category):
    alice = make_user(username="alice")
    thread = make_thread(category=category, body="Ask @alice or @nobody, thanks @alice.")
    assert thread.body_html == (
        f'<p>Ask <a href="{alice.get_absolute_url()}" class="mention">@alice</a> or @nobody, '
        f'thanks <a href="{alice.get_absolute_url()}" class="mention">@alice</a>.</p>'
    )
    assert thread.body_text == "Ask @alice or @nobody, thanks @alice."


def test_code_links_and_e_mail_addresses_are_not_mentions(category):
    make_user(username="alice")
    body = "`@alice` and\n\n    @alice in a block\n\n[@alice](https://example.com) alice@alice.com"
    thread = make_thread(category=category, body=body)
    assert 'class="mention"' not in thread.body_html
    assert "<code>@alice</code>" in thread.body_html
    assert "alice@alice.com" in thread.body_html


def test_a_deactivated_member_is_not_linked_and_chinese_text_may_touch_the_at(category):
    make_user(username="gone", is_active=False)
    bob = make_user(username="bob")
    thread = make_thread(category=category, body="谢谢@bob 和 @gone")
    assert f'谢谢<a href="{bob.get_absolute_url()}" class="mention">@bob</a>' in thread.body_html
    assert "@gone</p>" in thread.body_html


def test_answers_and_edits_link_mentions_too(thread, other_user):
    carol = make_user(username="carol")
    answer = answer_create(thread=thread, author=other_user, body="cc @carol")
    assert f'href="{carol.get_absolute_url()}"' in answer.body_html
    edited = thread_edit(thread=thread, editor=thread.author, title=thread.title, body="@carol?")
    assert f'href="{carol.get_absolute_url()}"' in edited.body_html


def test_the_preview_links_mentions_as_saving_will(client, user):
    dora = make_user(username="dora")
    client.force_login(user)
    response = client.post("/preview/", {"body": "hi @dora"}, HTTP_HOST="localhost")
    assert f'href="{dora.get_absolute_url()}"' in response.json()["html"]
