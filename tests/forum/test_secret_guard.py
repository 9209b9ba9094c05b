"""The secret-leak guard wired into the forum and FAQ services and the ask/answer views."""

import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from mnemonic import Mnemonic

from faq.models import FaqEntry
from faq.services import faq_entry_create, faq_entry_update
from forum.models import Answer, Revision, Thread
from forum.services import answer_create, answer_edit, thread_create, thread_edit
from tests.factories import make_thread
from tests.faq.factories import make_faq_category, make_faq_entry, promote

SEED_PHRASE = Mnemonic("english").to_mnemonic(random.Random(1).randbytes(16))
CHINESE_SEED = "".join(
    Mnemonic("chinese_simplified").to_mnemonic(random.Random(2).randbytes(16)).split()
)
PRIVATE_KEY = random.Random(3).randbytes(32).hex()


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English whatever an earlier test left active.
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def code_of(error: ValidationError) -> str:
    return error.error_list[0].code


def test_thread_create_refuses_a_seed_phrase_in_the_body_and_stores_nothing(user, category):
    with pytest.raises(ValidationError) as raised:
        thread_create(
            author=user,
            title="Wallet emptied",
            category=category,
            body=f"Drained, everything is gone.\n{SEED_PHRASE}\n谢谢",
        )
    assert code_of(raised.value) == "secret"
    # The message names the field as the form labels it ("Details").
    assert "Details: This looks like a wallet recovery phrase (12 words" in raised.value.messages[0]
    assert not Thread.objects.exists()


def test_thread_create_refuses_a_chinese_seed_phrase_or_a_key_in_the_title(user, category):
    for title in (f"助记词{CHINESE_SEED}还能用吗", f"key 0x{PRIVATE_KEY}"):
        with pytest.raises(ValidationError) as raised:
            thread_create(author=user, title=title, body="Help", category=category)
        assert raised.value.messages[0].startswith("Title: This looks like")
    assert not Thread.objects.exists()


def test_thread_create_accepts_a_txid_and_an_address(user, category):
    thread = thread_create(
        author=user,
        title="Withdrawal pending",
        category=category,
        body=f"txid: {PRIVATE_KEY}\nTo 0x52908400098527886E0F7030069857D2E4169EE7",
    )
    assert thread.pk


def test_thread_edit_refuses_a_secret_and_keeps_the_published_text(thread, user):
    with pytest.raises(ValidationError) as raised:
        thread_edit(thread=thread, editor=user, title=thread.title, body=f"私钥：{PRIVATE_KEY}")
    assert code_of(raised.value) == "secret"
    thread.refresh_from_db()
    assert "私钥" not in thread.body
    assert not Revision.objects.filter(thread=thread).exists()


def test_answer_create_and_answer_edit_refuse_secrets(thread, answer, other_user):
    with pytest.raises(ValidationError, match="recovery phrase"):
        answer_create(thread=thread, author=other_user, body=SEED_PHRASE)
    with pytest.raises(ValidationError, match="recovery phrase"):
        answer_edit(answer=answer, editor=other_user, body=f"Mine: {SEED_PHRASE}")
    answer.refresh_from_db()
    assert Answer.objects.filter(thread=thread).count() == 1
    assert SEED_PHRASE not in answer.body
    thread.refresh_from_db()
    assert thread.answer_count == 1


def test_moderators_cannot_publish_secrets_either(thread, moderator):
    with pytest.raises(ValidationError) as raised:
        answer_create(thread=thread, author=moderator, body=f"Example: {SEED_PHRASE}")
    assert code_of(raised.value) == "secret"


def test_faq_entry_create_update_and_promote_refuse_secrets(moderator, thread, answer):
    category = make_faq_category()
    with pytest.raises(ValidationError) as raised:
        faq_entry_create(
            created_by=moderator,
            question="How do I restore?",
            category=category,
            answer=f"Type your words, e.g. {SEED_PHRASE}",
            language="en",
        )
    assert raised.value.error_dict["answer"][0].code == "secret"
    entry = make_faq_entry(created_by=moderator, category=category)
    with pytest.raises(ValidationError) as raised:
        faq_entry_update(
            entry=entry, editor=moderator, question=f"Is {CHINESE_SEED} safe?", answer=entry.answer
        )
    assert raised.value.error_dict["question"][0].code == "secret"
    with pytest.raises(ValidationError) as raised:
        promote(answer, moderator, category, question=f"Key: 0x{PRIVATE_KEY}")
    assert raised.value.error_dict["question"][0].code == "secret"
    assert list(FaqEntry.objects.all()) == [entry]


def test_the_ask_view_refuses_a_seed_phrase_and_keeps_the_text(client, user, category):
    client.force_login(user)
    body = f"Drained, everything is gone.\n\n{SEED_PHRASE}"
    response = client.post(
        "/ask/",
        {"title": "Is my wallet safe?", "body": body, "category": category.pk, "tags": ""},
        secure=True,
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "This looks like a wallet recovery phrase (12 words" in content
    assert "anyone who has it can take your funds" in content
    assert SEED_PHRASE in content  # still in the textarea, for the user to remove
    assert "Is my wallet safe?" in content
    assert not Thread.objects.exists()


def test_the_answer_view_refuses_a_private_key_and_keeps_the_text(client, thread, other_user):
    client.force_login(other_user)
    response = client.post(
        f"/t/{thread.pk}/answer/", {"body": f"my key {PRIVATE_KEY}"}, secure=True
    )
    assert response.status_code == 400
    assert "This looks like a private key" in response.content.decode()
    assert PRIVATE_KEY in response.content.decode()
    assert not Answer.objects.exists()


def test_a_seed_phrase_is_refused_before_similar_questions_are_offered(
    client, user, category, search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(title="Is my wallet safe after this?", body="Is my wallet safe?")
    client.force_login(user)
    body = f"Drained, everything is gone.\n\n{SEED_PHRASE}"
    response = client.post(
        "/ask/",
        {"title": "Is my wallet safe?", "body": body, "category": category.pk, "tags": ""},
    )
    assert response.status_code == 400
    assert "similar_matches" not in response.context
