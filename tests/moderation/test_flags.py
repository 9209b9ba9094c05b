import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from moderation.models import Flag, FlagReason, FlagStatus
from moderation.selectors import flag_queue
from moderation.services import flag_create, flags_dismiss, post_hide
from tests.factories import make_answer, make_thread, make_user


def test_flag_create_records_one_flag_per_user_per_post(thread, other_user):
    flag_create(user=other_user, post=thread, reason=FlagReason.SPAM)
    with pytest.raises(ValidationError) as error:
        flag_create(user=other_user, post=thread, reason=FlagReason.SCAM)
    assert error.value.code == "already_flagged"
    assert Flag.objects.filter(thread=thread).count() == 1


def test_flag_create_refuses_your_own_post(thread, user):
    with pytest.raises(ValidationError) as error:
        flag_create(user=user, post=thread, reason=FlagReason.SPAM)
    assert error.value.code == "own_post"


def test_flag_create_needs_details_for_other_and_a_listed_reason(thread, other_user):
    with pytest.raises(ValidationError) as error:
        flag_create(user=other_user, post=thread, reason=FlagReason.OTHER, text="   ")
    assert error.value.code == "text_required"
    with pytest.raises(ValidationError) as error:
        flag_create(user=other_user, post=thread, reason="because")
    assert error.value.code == "bad_reason"
    flag = flag_create(user=other_user, post=thread, reason=FlagReason.OTHER, text=" Off topic ")
    assert flag.text == "Off topic"


def test_the_database_refuses_a_second_flag_even_past_the_service(answer, user):
    Flag.objects.create(user=user, answer=answer, reason=FlagReason.SPAM)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(user=user, answer=answer, reason=FlagReason.ABUSE)


def test_anonymous_visitors_are_sent_to_log_in_to_flag(client_for, thread):
    url = reverse("moderation:flag_thread", args=[thread.pk])
    response = client_for(None).post(url, {"reason": "spam"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not Flag.objects.exists()


def test_a_member_flags_a_thread_through_the_form(client_for, thread, other_user):
    client = client_for(other_user)
    url = reverse("moderation:flag_thread", args=[thread.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "scam", "text": "Fake support account"})
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    flag = Flag.objects.get()
    assert (flag.user, flag.thread, flag.reason) == (other_user, thread, "scam")


def test_a_repeated_flag_gets_a_clear_message_not_a_500(client_for, answer, user):
    client = client_for(user)
    url = reverse("moderation:flag_answer", args=[answer.pk])
    assert client.post(url, {"reason": "spam"}).status_code == 302
    response = client.post(url, {"reason": "abuse"})
    assert response.status_code == 400
    assert "already flagged" in response.content.decode()
    assert Flag.objects.count() == 1


def test_a_forged_flag_reason_is_a_form_error_and_keeps_the_text(client_for, thread, other_user):
    response = client_for(other_user).post(
        reverse("moderation:flag_thread", args=[thread.pk]),
        {"reason": "<script>", "text": "my words stay"},
    )
    assert response.status_code == 400
    assert "my words stay" in response.content.decode()
    assert not Flag.objects.exists()


def test_other_without_details_is_refused_on_the_text_field(client_for, thread, other_user):
    response = client_for(other_user).post(
        reverse("moderation:flag_thread", args=[thread.pk]), {"reason": "other", "text": ""}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["text"]


def test_flagging_your_own_post_through_the_form_is_refused(client_for, thread, user):
    client = client_for(user)
    url = reverse("moderation:flag_thread", args=[thread.pk])
    assert "cannot flag your own post" in client.get(url).content.decode()
    assert client.post(url, {"reason": "spam"}).status_code == 400
    assert not Flag.objects.exists()


def test_flagging_a_missing_or_hidden_post_is_a_404_for_members(
    client_for, answer, moderator, user
):
    post_hide(post=answer, moderator=moderator)
    client = client_for(user)
    assert (
        client.post(
            reverse("moderation:flag_answer", args=[answer.pk]), {"reason": "spam"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("moderation:flag_thread", args=[999999]), {"reason": "spam"}
        ).status_code
        == 404
    )


def test_the_queue_lists_flagged_posts_with_counts_and_reasons(db):
    author = make_user()
    quiet = make_thread(author=author, title="Quiet thread")
    noisy = make_answer(author=author)
    flag_create(user=make_user(), post=noisy, reason=FlagReason.SCAM)
    flag_create(user=make_user(), post=noisy, reason=FlagReason.SCAM)
    flag_create(user=make_user(), post=noisy, reason=FlagReason.SPAM)
    flag_create(user=make_user(), post=quiet, reason=FlagReason.SECRET)  # the newest flag

    newest_first = flag_queue(order="newest")
    assert [(item.kind, item.post.pk) for item in newest_first] == [
        ("thread", quiet.pk),
        ("answer", noisy.pk),
    ]
    most_first = flag_queue(order="most")
    assert [(item.kind, item.post.pk, item.flag_count) for item in most_first] == [
        ("answer", noisy.pk, 3),
        ("thread", quiet.pk, 1),
    ]
    assert most_first[0].reasons == [(FlagReason.SCAM.label, 2), (FlagReason.SPAM.label, 1)]


def test_dismissed_flags_leave_the_queue_and_are_kept(thread, other_user, moderator):
    flag_create(user=other_user, post=thread, reason=FlagReason.SPAM)
    assert flags_dismiss(post=thread, moderator=moderator, reason="Not spam") == 1
    assert flag_queue() == []
    assert Flag.objects.get().status == FlagStatus.DISMISSED
    with pytest.raises(ValidationError):
        flags_dismiss(post=thread, moderator=moderator)


def test_the_queue_page_is_for_moderators(client_for, thread, other_user, user, moderator, staff):
    flag_create(user=other_user, post=thread, reason=FlagReason.SECRET, text="seed words")
    url = reverse("moderation:queue")
    assert client_for(None).get(url).status_code == 302
    denied = client_for(user).get(url)
    assert denied.status_code == 403
    assert "Only moderators" in denied.content.decode()
    for role in (moderator, staff):
        page = client_for(role).get(url)
        assert page.status_code == 200
        assert "seed words" in page.content.decode()
        assert thread.title in page.content.decode()
