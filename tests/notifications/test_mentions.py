"""@mentions notify the members named, once per post, within the documented limits
(WENDA_MENTIONS_PER_POST, WENDA_MENTIONS_PER_HOUR), through the real services and views."""

from django.urls import reverse

from forum.services import answer_edit, thread_edit
from moderation.services import post_hide
from notifications.models import Kind, Notification
from tests.factories import make_answer, make_thread, make_user


def _mentions(**filters):
    return Notification.objects.filter(kind=Kind.MENTION, **filters)


def _names(count, prefix="zqx"):
    return [make_user(username=f"{prefix}{number}") for number in range(count)]


def test_a_mention_in_a_question_notifies_the_member_once_and_links_the_question(
    client, deliver, category
):
    alice = make_user(username="alice", display_name="Alice W.")
    bob = make_user(username="bob")
    thread = deliver(
        make_thread, author=alice, category=category, title="Fees", body="@bob @bob and @alice"
    )
    notice = _mentions().get()
    assert (notice.recipient, notice.actor, notice.thread, notice.answer) == (
        bob,
        alice,
        thread,
        None,
    )
    from core.events import deliver as deliver_event
    from forum.events import MembersMentioned

    deliver_event(MembersMentioned(thread.pk, None, alice.pk, (bob.pk,)))
    assert _mentions().count() == 1

    client.force_login(bob)
    page = client.get(reverse("notifications:list"), HTTP_HOST="localhost").content.decode()
    assert "Alice W. mentioned you in “Fees”" in page
    opened = client.get(reverse("notifications:open", args=[notice.pk]), HTTP_HOST="localhost")
    assert opened["Location"] == f"/t/{thread.pk}/#question"


def test_a_mention_in_an_answer_links_the_answer(client, deliver, thread, other_user):
    bob = make_user(username="bob")
    answer = deliver(make_answer, thread=thread, author=other_user, body="@bob knows")
    notice = _mentions(recipient=bob).get()
    assert notice.answer == answer
    client.force_login(bob)
    opened = client.get(reverse("notifications:open", args=[notice.pk]), HTTP_HOST="localhost")
    assert opened["Location"] == answer.get_absolute_url()


def test_an_edit_that_adds_a_name_notifies_only_the_new_name(deliver, thread, other_user):
    bob, carol = make_user(username="bob"), make_user(username="carol")
    answer = deliver(make_answer, thread=thread, author=other_user, body="ask @bob")
    deliver(answer_edit, answer=answer, editor=other_user, body="ask @bob or @carol")
    assert sorted(_mentions(answer=answer).values_list("recipient__username", flat=True)) == [
        "bob",
        "carol",
    ]
    deliver(answer_edit, answer=answer, editor=other_user, body="ask @carol, not @bob")
    deliver(thread_edit, thread=thread, editor=thread.author, title=thread.title, body="see @carol")
    assert _mentions(recipient=bob).count() == 1
    assert _mentions(recipient=carol).count() == 2  # the answer and, now, the question
    # A name that was in code before is not announced when the edit moves it out of code.
    dora = make_user(username="dora")
    deliver(answer_edit, answer=answer, editor=other_user, body="`@dora`")
    deliver(answer_edit, answer=answer, editor=other_user, body="@dora")
    assert not _mentions(recipient=dora).exists()


def test_nobody_hears_of_their_own_name_a_post_they_cannot_see_or_when_deactivated(
    deliver, thread, other_user, moderator
):
    make_user(username="gone", is_active=False)
    bob = make_user(username="bob")

    def answer_then_hide():
        answer = make_answer(thread=thread, author=other_user, body="@bob")
        post_hide(post=answer, moderator=moderator, reason="spam")

    deliver(answer_then_hide)
    named = f"@{other_user.username} @gone @{moderator.username}"
    deliver(make_answer, thread=thread, author=other_user, body=named)
    assert list(_mentions().values_list("recipient", flat=True)) == [moderator.pk]
    assert not _mentions(recipient=bob).exists()


def test_a_post_naming_200_members_notifies_the_first_ten_and_the_hour_caps_the_rest(
    deliver, settings, thread, other_user
):
    settings.WENDA_MENTIONS_PER_POST = 10
    settings.WENDA_MENTIONS_PER_HOUR = 25
    members = _names(200)
    body = "Hi " + ", ".join(f"@{member.username}" for member in members) + "!"
    answer = deliver(make_answer, thread=thread, author=other_user, body=body)
    told = list(_mentions().order_by("recipient_id").values_list("recipient_id", flat=True))
    assert told == [member.pk for member in members[:10]]
    assert answer.body_html.count('class="mention"') == 200  # every name still links

    # Editing in more names cannot pass the post's ten.
    deliver(answer_edit, answer=answer, editor=other_user, body=body + " @extra")
    assert _mentions(answer=answer).count() == 10
    # More posts reach more people only up to the hour's 25, whatever they name.
    for start in (10, 20, 30):
        names = " ".join(f"@{member.username}" for member in members[start : start + 10])
        deliver(make_answer, thread=thread, author=other_user, body=names)
    assert _mentions(actor=other_user).count() == 25
    assert not _mentions(recipient__in=members[25:]).exists()


def test_moderators_are_exempt_from_the_hourly_mention_limit(deliver, settings, thread, moderator):
    settings.WENDA_MENTIONS_PER_HOUR = 3
    members = _names(8, prefix="qzw")
    for start in (0, 4):
        names = " ".join(f"@{member.username}" for member in members[start : start + 4])
        deliver(make_answer, thread=thread, author=moderator, body=names)
    assert _mentions(actor=moderator).count() == 8


def test_a_mention_notice_leaves_the_list_when_its_answer_is_hidden(
    client, deliver, thread, other_user, moderator
):
    bob = make_user(username="bob")
    answer = deliver(make_answer, thread=thread, author=other_user, body="@bob look")
    client.force_login(bob)
    assert (
        client.get(reverse("notifications:unread_json"), HTTP_HOST="localhost").json()["unread"]
        == 1
    )
    deliver(post_hide, post=answer, moderator=moderator, reason="spam")
    page = client.get(reverse("notifications:list"), HTTP_HOST="localhost").content.decode()
    assert "mentioned you" not in page
