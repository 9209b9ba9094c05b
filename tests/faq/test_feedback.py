"""Anonymous "Was this helpful?" votes count once per network address, through the real views."""

from django.test import Client
from django.urls import reverse

from faq.feedback import faq_feedback_record
from faq.models import FaqFeedback
from faq.readers import ANONYMOUS_VOTE_WINDOW

HOME = "203.0.113.5"
OFFICE = "198.51.100.7"


def _vote(entry, answer: str, *, address: str, client: Client | None = None) -> Client:
    """Vote from ``client``, or from a brand-new browser (a fresh session) at ``address``."""
    client = client or Client(REMOTE_ADDR=address)
    url = reverse("faq:entry_feedback", args=[entry.pk])
    assert client.post(url, {"is_helpful": answer}, REMOTE_ADDR=address).status_code == 302
    return client


def _counts(entry) -> tuple[int, int]:
    entry.refresh_from_db()
    return entry.helpful_yes, entry.helpful_no


def test_ten_fresh_sessions_from_one_address_count_once(faq_entry):
    for _ in range(10):
        _vote(faq_entry, "yes", address=HOME)
    assert _counts(faq_entry) == (1, 0)
    assert FaqFeedback.objects.count() == 1


def test_a_second_session_from_the_same_address_changes_that_addresss_vote(faq_entry):
    _vote(faq_entry, "yes", address=HOME)
    _vote(faq_entry, "no", address=HOME)
    assert _counts(faq_entry) == (0, 1)


def test_two_addresses_count_twice(faq_entry):
    _vote(faq_entry, "yes", address=HOME)
    _vote(faq_entry, "yes", address=OFFICE)
    assert _counts(faq_entry) == (2, 0)


def test_one_ipv6_line_counts_once_however_many_addresses_it_uses(faq_entry):
    for host in range(1, 6):
        _vote(faq_entry, "yes", address=f"2001:db8:1:2::{host}")
    _vote(faq_entry, "yes", address="2001:db8:1:3::1")  # another /64: another household
    assert _counts(faq_entry) == (2, 0)


def test_a_members_vote_counts_separately_from_their_address(faq_entry, user, other_user):
    _vote(faq_entry, "yes", address=HOME)
    for member in (user, other_user):
        client = Client(REMOTE_ADDR=HOME)
        client.force_login(member)
        _vote(faq_entry, "no", address=HOME, client=client)
        _vote(faq_entry, "no", address=HOME, client=client)  # a member's second vote: no change
    assert _counts(faq_entry) == (1, 2)


def test_the_reader_sees_their_own_vote_in_a_new_session_too(faq_entry):
    client = _vote(faq_entry, "yes", address=HOME)
    pressed = 'value="yes" class="button is-current" aria-pressed="true"'
    assert pressed in client.get(faq_entry.get_absolute_url()).content.decode()
    fresh = Client(REMOTE_ADDR=HOME).get(faq_entry.get_absolute_url()).content.decode()
    assert pressed in fresh
    elsewhere = Client(REMOTE_ADDR=OFFICE).get(faq_entry.get_absolute_url()).content.decode()
    assert "aria-pressed" not in elsewhere


def test_the_address_is_stored_only_as_a_keyed_hash(faq_entry):
    _vote(faq_entry, "yes", address=HOME)
    vote = FaqFeedback.objects.get()
    assert len(vote.client_hash) == 64 and HOME not in vote.client_hash
    stored = FaqFeedback.objects.values_list(flat=False).get()
    assert all(HOME not in str(value) for value in stored)


def test_after_the_window_an_address_counts_again_and_its_old_hash_is_forgotten(faq_entry):
    faq_feedback_record(entry=faq_entry, is_helpful=True, session_key="s1", client_ip=HOME)
    FaqFeedback.objects.update(created_at=faq_entry.created_at - ANONYMOUS_VOTE_WINDOW)
    faq_feedback_record(entry=faq_entry, is_helpful=True, session_key="s2", client_ip=HOME)
    assert _counts(faq_entry) == (2, 0)
    assert FaqFeedback.objects.get(session_key="s1").client_hash == ""


def test_behind_a_trusted_proxy_the_forwarded_address_counts(settings, faq_entry):
    settings.WENDA_TRUSTED_PROXY_COUNT = 1
    url = reverse("faq:entry_feedback", args=[faq_entry.pk])
    for forwarded in (HOME, HOME, OFFICE):
        Client(REMOTE_ADDR="10.0.0.1").post(
            url, {"is_helpful": "yes"}, HTTP_X_FORWARDED_FOR=forwarded
        )
    assert _counts(faq_entry) == (2, 0)
