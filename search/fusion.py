"""Exact nearest neighbours over stored sentence vectors, and the fusion of two rankings.

Imports neither Django nor haystack: benchmarks/similar_quality.py measures these same
functions. Both constants were fixed before measuring, not tuned on the dev splits: RRF's
usual k, and a cosine floor between what a few hand-written pairs scored (a question and its
translation 0.68-0.75, different questions 0.07-0.34).
"""

import numpy as np

# Reciprocal rank fusion, Cormack et al. 2009: score = sum of 1 / (RRF_K + rank).
RRF_K = 60
# Under this cosine a nearest neighbour is not offered at all: without a floor every question
# would get five "similar" posts, however unrelated. Word matches keep their own floor
# (search.similar.MIN_OVERLAP): a short title (手续费) has a weak vector but a good word match.
MIN_COSINE = 0.5


def nearest(matrix: np.ndarray, vector: np.ndarray, k: int, *, min_cosine: float = MIN_COSINE):
    """(row, cosine) of the k rows most similar to ``vector``, best first. Rows and vector are
    unit length, so the dot product is the cosine; exact, one matrix-vector product."""
    if not len(matrix) or k <= 0:
        return []
    scores = matrix @ vector
    k = min(k, len(scores))
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(int(row), float(scores[row])) for row in top if scores[row] >= min_cosine]


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
