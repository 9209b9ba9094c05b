"""The vectors a web process searches: int8 rows with a scale each (search.fusion.Int8Rows),
loaded from the SQLite store's float32 vectors (search.vector_store)."""

import numpy as np

from search.fusion import MIN_COSINE, Int8Rows, int8_rows, nearest
from search.vector_store import PendingVector, VectorStore

DIMENSIONS = 512


def _unit(rows):
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=-1, keepdims=True)


def _neighbourhood(generator, documents=5000, queries=50):
    """Random unit vectors and queries that have neighbours at every cosine over the floor: each
    query is a stored vector moved by a random amount, and other stored vectors lie near it."""
    vectors = _unit(generator.standard_normal((documents, DIMENSIONS)))
    targets = generator.choice(documents, queries, replace=False)
    queries_out = []
    for number, target in enumerate(targets):
        noise = _unit(generator.standard_normal(DIMENSIONS))
        query = _unit(vectors[target] + (0.3 + number / queries) * noise)
        # Twenty more documents around the query, from very near to about the floor.
        for offset, row in enumerate(range(number * 20, number * 20 + 20)):
            if row not in targets:
                moved = _unit(generator.standard_normal(DIMENSIONS))
                vectors[row] = _unit(query + (0.4 + offset / 12) * moved)
        queries_out.append(query)
    return vectors, np.array(queries_out)


def _store(path, vectors, start=0):
    store = VectorStore(str(path))
    items = [
        PendingVector(f"forum.thread.{i}", "", "key", f"/t/{i}/", "en")
        for i in range(start, start + len(vectors))
    ]
    store.store(items, vectors)
    return store


def test_int8_rows_find_the_float32_neighbours_and_swap_only_near_ties():
    vectors, queries = _neighbourhood(np.random.default_rng(7))
    rows = int8_rows(vectors)
    found_over_floor = 0
    for query in queries:
        quantised = nearest(rows, query, 30)
        exact = nearest(vectors, query, 30)
        assert {row for row, _ in quantised} == {row for row, _ in exact}
        assert np.allclose(sorted(c for _, c in quantised), sorted(c for _, c in exact), atol=3e-3)
        # Rounding moves a cosine by ~4e-4: two neighbours further apart never swap.
        cosine_of = dict(exact)
        for (first, _), (second, _) in zip(quantised, quantised[1:]):
            assert cosine_of[first] > cosine_of[second] - 2e-3
        found_over_floor += len(exact)
    assert found_over_floor > 10 * len(queries)  # the comparison covered real neighbourhoods


def test_an_int8_row_reads_back_as_its_vector_within_rounding():
    vectors = _unit(np.random.default_rng(3).standard_normal((10, DIMENSIONS)))
    rows = int8_rows(vectors)
    assert rows.codes.dtype == np.int8 and rows.codes.nbytes == 10 * DIMENSIONS
    for number, vector in enumerate(vectors):
        assert abs(float(rows[number] @ vector) - 1.0) < 1e-3
        assert np.abs(rows[number] - vector).max() <= rows.scales[number] / 2 + 1e-7


def test_nearest_returns_at_most_k_rows_best_first_and_none_under_the_floor():
    query = _unit(np.eye(DIMENSIONS)[0])
    # Cosines 0.97, 0.87, ..., 0.07 to the query: none at the floor itself.
    cosines = np.linspace(0.97, 0.07, 10)
    vectors = _unit(
        [
            c * np.eye(DIMENSIONS)[0] + np.sqrt(1 - c * c) * np.eye(DIMENSIONS)[1 + i]
            for i, c in enumerate(cosines)
        ]
    )
    for matrix in (vectors, int8_rows(vectors)):
        found = nearest(matrix, query, 5)
        assert [row for row, _ in found] == [0, 1, 2, 3, 4]
        everything = nearest(matrix, query, 100)
        assert [row for row, _ in everything] == list(range(int(np.sum(cosines >= MIN_COSINE))))
        assert min(cosine for _, cosine in everything) >= MIN_COSINE
        assert nearest(matrix, query, 0) == []
    assert (
        nearest(Int8Rows(np.zeros((0, DIMENSIONS), np.int8), np.zeros(0, np.float32)), query, 5)
        == []
    )


def test_a_snapshot_holds_int8_rows_of_the_stored_float32_vectors(tmp_path):
    vectors = _unit(np.random.default_rng(5).standard_normal((3000, DIMENSIONS)))
    store = _store(tmp_path / "vectors.sqlite3", vectors)
    snapshot = store.snapshot()
    assert snapshot.codes.dtype == np.int8
    assert len(snapshot.matrix) == 3000
    row = snapshot.row_of["forum.thread.1234"]
    assert snapshot.doc_ids[row] == "forum.thread.1234" and snapshot.urls[row] == "/t/1234/"
    (found, cosine), *_ = nearest(snapshot.matrix, vectors[1234], 1)
    assert found == row and abs(cosine - 1.0) < 1e-3


def test_an_incremental_read_matches_what_another_process_reads_in_full(tmp_path):
    generator = np.random.default_rng(11)
    path = tmp_path / "vectors.sqlite3"
    store = _store(path, _unit(generator.standard_normal((2000, DIMENSIONS))))
    store.snapshot()
    # Changes after the first read: new documents (past the growth headroom), a replaced
    # vector and url, a removal.
    _store(path, _unit(generator.standard_normal((1500, DIMENSIONS))), start=2000)
    replaced = _unit(generator.standard_normal(DIMENSIONS))
    store.store(
        [PendingVector("forum.thread.7", "", "new", "/t/7/renamed/", "zh-hans")], [replaced]
    )
    store.remove(["forum.thread.8"])
    incremental = store.snapshot()
    full = VectorStore(str(path)).snapshot()
    assert set(incremental.row_of) == set(full.row_of) and len(full.row_of) == 3499
    for doc_id, row in full.row_of.items():
        other = incremental.row_of[doc_id]
        assert np.array_equal(full.codes[row], incremental.codes[other])
        assert full.scales[row] == incremental.scales[other]
        assert full.urls[row] == incremental.urls[other]
    row = incremental.row_of["forum.thread.7"]
    assert incremental.row_of_url["/t/7/renamed/"] == row and "/t/7/" not in incremental.row_of_url
    assert nearest(incremental.matrix, replaced, 1)[0][0] == row


def test_a_removed_document_is_never_a_neighbour_again(tmp_path):
    vectors = _unit(np.random.default_rng(13).standard_normal((100, DIMENSIONS)))
    store = _store(tmp_path / "vectors.sqlite3", vectors)
    assert nearest(store.snapshot().matrix, vectors[42], 1)[0][0] == 42
    store.remove(["forum.thread.42"])
    snapshot = store.snapshot()
    assert "forum.thread.42" not in snapshot.row_of
    assert all(
        snapshot.doc_ids[row] != "forum.thread.42"
        for row, _ in nearest(snapshot.matrix, vectors[42], 30)
    )
    assert nearest(snapshot.matrix, vectors[42], 30) == []  # its row scores 0, random others < 0.5
