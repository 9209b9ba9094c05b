"""search.grouping reads each document's page from the `group` column, and an index written
before that column existed (or partly without it) gives the same groups from stored URLs."""

from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from haystack import connections
from haystack.constants import DJANGO_CT, DJANGO_ID

from faq.search_indexes import FaqEntryIndex
from forum.search_indexes import AnswerIndex, ThreadIndex
from search import grouping, whoosh_internals
from search.selectors import search_results
from tests.factories import make_answer, make_thread, make_user
from tests.faq.factories import make_faq_entry

QUERIES = ("withdrawal", "staking", "wallet", "withdrawal staking", "pending")


@pytest.fixture
def without_group_numbers(monkeypatch):
    """Documents written from now on have no group number, as before the field existed."""

    def write_them_without():
        for index_class in (ThreadIndex, AnswerIndex, FaqEntryIndex):
            monkeypatch.setattr(index_class, "prepare_group", lambda self, obj: None)

    return write_them_without


def _write_corpus(django_capture_on_commit_callbacks, *, between=lambda: None):
    """Threads matching in their question and answers, and FAQ entries; `between` runs after
    the first half is written."""
    author, staff = make_user(), make_user(is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        withdrawal = make_thread(
            author=author,
            title="Withdrawal stuck for two days",
            body="My withdrawal has been pending since Monday.",
        )
        make_answer(thread=withdrawal, body="A withdrawal waits for network confirmations.")
        staking = make_thread(author=author, title="Staking reward missing", body="My wallet?")
        make_answer(thread=staking, body="Staking rewards arrive every epoch.")
        make_faq_entry(
            created_by=staff,
            question="Why is my withdrawal pending?",
            answer="A withdrawal waits for confirmations.",
        )
    between()
    with django_capture_on_commit_callbacks(execute=True):
        make_answer(thread=withdrawal, body="Contact support with the withdrawal id and wallet.")
        make_answer(thread=staking, body="Check the staking page of your wallet.")
        make_faq_entry(
            created_by=staff, question="How does staking work?", answer="Lock coins to stake."
        )
        lone = make_thread(author=author, title="Wallet backup", body="Where is my staking key?")
        make_answer(thread=lone, body="Pending transactions are not in the backup.")


def _reindex_everything(backend):
    """The same objects written again, as rebuild_index writes them."""
    unified = connections["default"].get_unified_index()
    for model in unified.get_indexed_models():
        index = unified.get_index(model)
        backend.update(index, index.index_queryset())


def _groups(query: str) -> list[tuple[str, int]]:
    results = search_results(query=query)
    return [(group.url, group.other_matches) for group in results[: len(results)]]


def _column_and_stored(searcher):
    """(group number, stored fields) of every live document, through the column path."""
    pairs = []
    for leaf, _offset in searcher.leaf_searchers():
        reader = leaf.reader()
        column = grouping.read_group_column(reader)
        for docnum in reader.all_doc_ids():
            number = (
                None
                if column is None or (column.missing is not None and column.missing[docnum])
                else int(column.numbers[docnum])
            )
            pairs.append((number, reader.stored_fields(docnum)))
    return pairs


def test_threads_and_their_answers_share_the_threads_number_and_faq_entries_are_negative(
    search_index, django_capture_on_commit_callbacks
):
    _write_corpus(django_capture_on_commit_callbacks)
    pairs = _column_and_stored(search_index.searcher())
    assert len(pairs) == search_index.searcher().doc_count() == 10
    for number, fields in pairs:
        pk = int(fields[DJANGO_ID])
        if fields[DJANGO_CT] == "forum.thread":
            assert number == pk
        elif fields[DJANGO_CT] == "forum.answer":
            assert f"/{number}/#answer-{pk}" in fields["url"]
        else:
            assert fields[DJANGO_CT] == "faq.faqentry" and number == -pk


def test_a_query_on_an_index_with_the_column_reads_no_stored_url(
    search_index, django_capture_on_commit_callbacks
):
    _write_corpus(django_capture_on_commit_callbacks)
    grouping._segment_url_keys.clear()
    withdrawal = _groups("withdrawal")
    assert sorted(other for _url, other in withdrawal) == [0, 2]  # the thread, the FAQ entry
    assert grouping._segment_url_keys == {}
    searcher = search_index.searcher()
    assert grouping.warm(searcher) == searcher.doc_count_all()


def test_an_index_without_the_column_gives_the_same_groups(
    search_index, django_capture_on_commit_callbacks, without_group_numbers
):
    _write_corpus(django_capture_on_commit_callbacks)
    with_column = {query: _groups(query) for query in QUERIES}
    searcher = search_index.searcher()
    assert all(number is not None for number, _fields in _column_and_stored(searcher))

    search_index.clear()
    without_group_numbers()
    _reindex_everything(search_index)
    searcher = search_index.searcher()
    assert all(number is None for number, _fields in _column_and_stored(searcher))
    assert grouping.warm(searcher) == 0  # nothing to read ahead: the URLs are read lazily
    without_column = {query: _groups(query) for query in QUERIES}

    assert without_column == with_column
    assert sorted(other for _url, other in with_column["withdrawal"]) == [0, 2]
    assert len(with_column["staking"]) == 3  # two threads and an FAQ entry


def test_an_index_written_partly_before_the_column_groups_each_thread_once(
    search_index, django_capture_on_commit_callbacks, monkeypatch
):
    patched = []

    def old_code_then_new():
        monkeypatch.undo()
        patched.append(True)

    for index_class in (ThreadIndex, AnswerIndex, FaqEntryIndex):
        monkeypatch.setattr(index_class, "prepare_group", lambda self, obj: None)
    _write_corpus(django_capture_on_commit_callbacks, between=old_code_then_new)
    assert patched
    numbers = [number for number, _fields in _column_and_stored(search_index.searcher())]
    assert None in numbers and any(number is not None for number in numbers)
    withdrawal = _groups("withdrawal")
    urls = [url.split("#")[0] for url, _other in withdrawal]
    assert len(urls) == len(set(urls))
    assert sorted(other for _url, other in withdrawal) == [0, 2]
    # The answers written after the column existed still count with their thread.
    wallet = _groups("wallet")
    assert len({url.split("#")[0] for url, _other in wallet}) == len(wallet) == 3


def test_a_thread_and_an_faq_entry_with_the_same_id_stay_two_results(
    search_index, django_capture_on_commit_callbacks
):
    staff = make_user(is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        # Ids need not start equal: pad the table behind with posts that match nothing.
        # (PostgreSQL does not reset sequences between tests: the gap can be hundreds.)
        padding = iter(range(1_000_000))
        padding_thread = make_thread(title="Unrelated question", body="Nothing here.")
        padding_entry = make_faq_entry(
            created_by=staff, question=f"Unrelated entry {next(padding)}?"
        )
        while padding_thread.pk != padding_entry.pk:
            if padding_thread.pk < padding_entry.pk:
                padding_thread = make_thread(title="Unrelated question", body="Nothing here.")
            else:
                padding_entry = make_faq_entry(
                    created_by=staff, question=f"Unrelated entry {next(padding)}?"
                )
        thread = make_thread(title="Gas fee too high", body="Why is the gas fee so high?")
        entry = make_faq_entry(created_by=staff, question="What is the gas fee?")
    found = _groups("gas")
    assert thread.pk == entry.pk
    assert (thread.get_absolute_url(), 0) in found and (entry.get_absolute_url(), 0) in found


def test_group_numbers_far_apart_are_renumbered_not_allocated_over_their_range():
    keys = np.array([-(2**31), 5, 2**31 - 2, 5], dtype=np.int64)
    dense = grouping._dense(keys)
    assert dense.max() < 4 and dense[1] == dense[3] and len(set(dense.tolist())) == 3


def _shape(groups: dict) -> dict:
    """Each query's results as (kind of page, other matches), in order."""
    return {
        query: [("faq" if "/faq/" in url else "thread", other) for url, other in hits]
        for query, hits in groups.items()
    }


def test_search_check_warns_of_documents_without_a_group_number_until_they_are_rewritten(
    search_index, django_capture_on_commit_callbacks, without_group_numbers, monkeypatch
):
    without_group_numbers()
    _write_corpus(django_capture_on_commit_callbacks)
    assert "10 of 10 documents predate the group column" in _check()
    monkeypatch.undo()
    _reindex_everything(search_index)  # the old documents stay in their segments, deleted
    output = _check()
    assert "predate the group column" not in output
    assert "matches the database" in output


def _check() -> str:
    out = StringIO()
    call_command("search_check", stdout=out)
    return out.getvalue()


def test_after_the_preload_a_first_query_reads_no_column(
    search_index, django_capture_on_commit_callbacks, monkeypatch
):
    _write_corpus(django_capture_on_commit_callbacks)
    grouping._segment_columns.clear()
    # doc_count_all: deleted documents stay in their segments until a merge; the preload reads
    # every document the searcher holds.
    assert grouping.warm_live_index() == search_index.searcher().doc_count_all() >= 10

    def read_again(reader):
        raise AssertionError("read again after the preload")

    monkeypatch.setattr(grouping, "read_group_column", read_again)
    assert sorted(other for _url, other in _groups("withdrawal")) == [0, 2]


def test_a_whoosh_whose_column_layout_changed_still_groups_by_urls(
    search_index, django_capture_on_commit_callbacks, monkeypatch
):
    _write_corpus(django_capture_on_commit_callbacks)
    expected = {query: _groups(query) for query in QUERIES}

    def changed(reader, fieldname):
        raise whoosh_internals.InternalChanged("FixedBytesColumn.Reader attributes")

    monkeypatch.setattr(whoosh_internals, "fixed_column_bytes", changed)
    grouping._segment_columns.clear()
    assert {query: _groups(query) for query in QUERIES} == expected
    assert grouping._segment_url_keys  # read from the stored URLs
