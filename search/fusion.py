"""Exact nearest neighbours over stored sentence vectors, and the fusion of two rankings.

Imports neither Django nor haystack: benchmarks/similar_quality.py measures these same
functions. Both constants were fixed before measuring, not tuned on the dev splits: RRF's
usual k, and a cosine floor between what a few hand-written pairs scored (a question and its
translation 0.68-0.75, different questions 0.07-0.34).

The vectors are held as int8 codes with one scale per row (Int8Rows): 512 bytes a vector
instead of 2 KB, so 100k threads cost each web process ~50 MB instead of ~200 MB. A unit
vector's components are small (|x| <= ~0.2 at 512 dimensions), so rounding to 1/127 of the
row's largest one moves a cosine by ~4e-4 (standard deviation), far under any gap that decides
a ranking; benchmarks/README.md (issue 11) compares the rankings with float32's.
"""

from dataclasses import dataclass

import numpy as np

# Reciprocal rank fusion, Cormack et al. 2009: score = sum of 1 / (RRF_K + rank).
RRF_K = 60
# Under this cosine a nearest neighbour is not offered at all: without a floor every question
# would get five "similar" posts, however unrelated. Word matches keep their own floor
# (search.similar.MIN_OVERLAP): a short title (手续费) has a weak vector but a good word match.
MIN_COSINE = 0.5
# Rows scored per block: the block's float32 copy (4 MB at 512 dimensions) stays in the cache,
# so the product reads each int8 row from memory once. At 100k rows: 8 ms a query against 19 ms
# for one product over a float32 matrix (1 BLAS thread); 1,024 and 4,096 rows were as fast,
# 8,192 fell out of the cache (13 ms).
BLOCK_ROWS = 2048
INT8_MAX = 127


@dataclass(frozen=True)
class Int8Rows:
    """Unit vectors as ``codes[i] * scales[i]`` (symmetric quantisation, one scale a row).

    Indexing gives a row back as float32 (``rows[i] @ vector`` is its cosine), so callers use
    it like the float32 matrix it replaces. A zero scale is a removed row: cosine 0.
    """

    codes: np.ndarray  # (n, dimensions) int8
    scales: np.ndarray  # (n,) float32

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, row: int) -> np.ndarray:
        return self.codes[row].astype(np.float32) * self.scales[row]

    def dot(self, vector: np.ndarray) -> np.ndarray:
        """Every row's dot product with ``vector``, a block of rows at a time."""
        vector = np.asarray(vector, dtype=np.float32)
        scores = np.empty(len(self.codes), dtype=np.float32)
        for start in range(0, len(self.codes), BLOCK_ROWS):
            block = self.codes[start : start + BLOCK_ROWS].astype(np.float32)
            np.matmul(block, vector, out=scores[start : start + len(block)])
        scores *= self.scales
        return scores


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(int8 codes, float32 scales) of float rows: each row's largest component becomes +-127."""
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    largest = np.abs(vectors).max(axis=1) if vectors.shape[1] else np.zeros(len(vectors))
    scales = (largest / INT8_MAX).astype(np.float32)
    safe = np.where(scales > 0, scales, 1.0)[:, None]
    codes = np.clip(np.rint(vectors / safe), -INT8_MAX, INT8_MAX).astype(np.int8)
    return codes, scales


def int8_rows(vectors: np.ndarray) -> Int8Rows:
    return Int8Rows(*quantize(vectors))


def nearest(matrix, vector: np.ndarray, k: int, *, min_cosine: float = MIN_COSINE):
    """(row, cosine) of the k rows most similar to ``vector``, best first, none under
    ``min_cosine``. ``matrix`` is Int8Rows (what the vector store holds) or a float32 array.
    Rows and vector are unit length, so the dot product is the cosine; exact over every row."""
    if not len(matrix) or k <= 0:
        return []
    scores = matrix.dot(vector) if isinstance(matrix, Int8Rows) else matrix @ vector
    # Only rows over the floor can be returned: usually a few, so sorting them is cheap.
    above = np.flatnonzero(scores >= min_cosine)
    if len(above) > k:
        above = above[np.argpartition(-scores[above], k - 1)[:k]]
    top = above[np.argsort(-scores[above], kind="stable")]
    return [(int(row), float(scores[row])) for row in top]


def reciprocal_rank_fusion(*rankings, k: int = RRF_K) -> list[tuple[object, float]]:
    """Keys of several best-first rankings, by summed 1 / (k + rank); ties keep first-seen order."""
    scores: dict[object, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def blend(lexical: list, dense: list[tuple[object, float]]) -> list[object]:
    """The shipped ranking: reciprocal rank fusion of the nearest neighbours (key, cosine) and
    the word ranking (keys), both best first. At equal fused score the nearer meaning ranks
    first: across languages the word ranking's top is a shared name in another sentence."""
    return [key for key, _score in reciprocal_rank_fusion([key for key, _ in dense], lexical)]
