"""The long-lived searcher: reopened on unchanged segments' readers, checked at most so often."""

import pytest
from haystack.query import SearchQuerySet

from search import searchers
from tests.factories import make_thread


@pytest.fixture
def index(disk_search_index, db):
    disk_search_index.clear()
    return disk_search_index


@pytest.fixture
def posted(index, django_capture_on_commit_callbacks):
    def post(title, body="Nothing else to say here."):
        with django_capture_on_commit_callbacks(execute=True):
            return make_thread(title=title, body=body)

    return post


def _leaf_ids(reader) -> dict:
    return {leaf.segment().segment_id(): id(leaf) for leaf, _offset in reader.leaf_readers()}


def _titles(query):
    return sorted(result.title for result in SearchQuerySet().auto_query(query))


def test_a_reopened_reader_keeps_the_unchanged_segments_readers_and_opens_the_new_one(
    index, posted
):
    posted("Withdrawal pending for hours")
    posted("Deposit missing after a day")
    before = index.searcher().reader()
    posted("Fee looks too high")
    index.index = index.index.refresh()
    reader, kept = searchers.reopen_reader(index.index, before)
    old, new = _leaf_ids(before), _leaf_ids(reader)
    assert kept == len(old) >= 1
    assert all(new[segment] == leaf for segment, leaf in old.items() if segment in new)
    assert len(new) > len(old) or set(new) != set(old)
    assert reader.doc_count() == index.index.reader().doc_count()


def test_an_edited_post_is_found_once_with_its_new_words_after_the_reopen(
    index, posted, django_capture_on_commit_callbacks
):
    from forum import services

    thread = posted("Withdrawal pending for hours", body="Still waiting on the exchange.")
    posted("Deposit missing after a day")
    assert _titles("withdrawal") == ["Withdrawal pending for hours"]
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_edit(
            thread=thread,
            editor=thread.author,
            title="Withdrawal arrived at last",
            body="It came through overnight.",
            category=thread.category,
            tags=[],
        )
    assert _titles("withdrawal") == ["Withdrawal arrived at last"]
    assert _titles("overnight") == ["Withdrawal arrived at last"]
    assert _titles("exchange") == []
    assert index.searcher().doc_count() == index.index.reader().doc_count()


def test_a_merge_leaves_no_document_twice(index, posted):
    for number in range(12):  # enough small commits for Whoosh to merge segments
        posted(f"Question number {number} about fees")
        assert len(SearchQuerySet().auto_query("fees").models()) == number + 1
    assert index.searcher().doc_count() == index.index.reader().doc_count()


def test_another_process_commit_is_seen_after_the_refresh_interval_and_not_before(
    index, posted, settings, monkeypatch
):
    """Another process's commit is seen only once the interval has passed; this process's own
    commits at once (the tests above)."""
    import time

    from whoosh.index import open_dir

    settings.WENDA_SEARCH_REFRESH_MS = 60_000
    posted("Withdrawal pending for hours")
    assert index.searcher().doc_count() >= 1
    count = index.searcher().doc_count()
    # A writer outside this backend, as another web process would commit.
    writer = open_dir(index.path).writer()
    writer.add_document(id="forum.thread.999999", django_ct="forum.thread", django_id="999999")
    writer.commit()
    assert index.searcher().doc_count() == count
    later = time.monotonic() + 61
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert index.searcher().doc_count() == count + 1


def test_a_filter_computed_per_segment_matches_whoosh_after_edits_and_new_posts(
    index, posted, django_capture_on_commit_callbacks
):
    from whoosh import query as whoosh_query

    from forum import services

    first = posted("Withdrawal pending for hours")
    posted("Deposit missing after a day")
    kind = whoosh_query.Term("kind", "thread")
    searcher = index.searcher()
    assert searchers.filter_docs(searcher, kind).tolist() == list(searcher.docs_for_query(kind))
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_edit(
            thread=first, editor=first.author, title="Withdrawal arrived", body="It came."
        )
    posted("Fee looks too high")
    searcher = index.searcher()
    expected = list(searcher.docs_for_query(kind))
    assert searchers.filter_docs(searcher, kind).tolist() == expected
    assert len(SearchQuerySet().filter(kind="thread").auto_query("withdrawal")) == 1


def test_a_reader_still_reads_stored_fields_and_groups_after_a_merge_deleted_its_files(
    index, posted
):
    from search import grouping

    posted("Withdrawal pending for hours")
    posted("Deposit missing after a day")
    posted("Fee looks too high")
    index.index = index.index.refresh()
    reader, _kept = searchers.reopen_reader(index.index, None)
    segments = [leaf for leaf, _offset in reader.leaf_readers()]
    assert len(segments) > 1
    old_files = {name for name in index.index.storage.list() if name.endswith(".seg")}
    # Another process merges every segment into one and deletes the old segments' files.
    writer = index.index.writer()
    writer.commit(optimize=True)
    assert not old_files & set(index.index.storage.list())
    for leaf in segments:
        assert leaf.stored_fields(0)["django_ct"] == "forum.thread"
        column = grouping.read_group_column(leaf)
        assert column is not None and column.missing is None


def test_a_table_of_contents_whose_segments_are_gone_is_read_again(index, posted, monkeypatch):
    posted("Withdrawal pending for hours")
    posted("Deposit missing after a day")
    index.index = index.index.refresh()
    stale_toc = index.index._read_toc()
    index.index.writer().commit(optimize=True)  # the segments of stale_toc are merged away
    reads = []

    def read_toc():
        reads.append(1)
        return stale_toc if len(reads) == 1 else type(index.index)._read_toc(index.index)

    monkeypatch.setattr(index.index, "_read_toc", read_toc)
    reader, _kept = searchers.reopen_reader(index.index, None)
    assert len(reads) == 2
    assert sorted(fields["title"] for fields in reader.all_stored_fields()) == [
        "Deposit missing after a day",
        "Withdrawal pending for hours",
    ]


def _segment_ids(index) -> list[str]:
    return [segment.segment_id() for segment in index.index.refresh()._segments()]


def test_a_posts_commit_leaves_earlier_small_segments_alone_until_eight_of_a_size_merge(
    index, posted
):
    """Whoosh's default policy rewrote the small segments before a post on nearly every commit
    (40% of a post's CPU time at 10k threads); segments of a size now merge eight at a time."""
    posted("Withdrawal pending for hours")
    first = _segment_ids(index)
    for number in range(6):
        posted(f"Question number {number} about fees")
    seven = _segment_ids(index)
    assert set(first) <= set(seven) and len(seven) == 7
    posted("The eighth question about fees")
    assert len(_segment_ids(index)) == 8
    posted("The ninth question about fees")  # its commit merges the eight into its own
    assert len(_segment_ids(index)) == 1
    assert len(SearchQuerySet().auto_query("fees").models()) == 8
