"""The two helpers every list and every validation goes through: top-k per row, z-scores."""

import numpy as np

from recommender.algorithms.base import ROWS_PER_CHUNK, standardise, top_n_rows


def test_top_n_rows_over_many_rows_is_each_rows_own_ranking() -> None:
    rng = np.random.default_rng(7)
    scores = rng.standard_normal((ROWS_PER_CHUNK * 3 + 17, 500)).astype(np.float32)

    top = top_n_rows(scores, 10)

    assert top.shape == (len(scores), 10)
    assert np.array_equal(top, np.argsort(-scores, axis=1, kind="stable")[:, :10])


def test_standardise_gives_zero_mean_unit_spread_and_leaves_its_input_alone() -> None:
    rng = np.random.default_rng(3)
    scores = rng.normal(5.0, 3.0, (40, 200))
    scores[7] = 2.5  # a constant row
    before = scores.copy()

    z = standardise(scores)

    assert np.array_equal(scores, before)
    varied = np.delete(z, 7, axis=0)
    assert np.allclose(varied.mean(axis=1), 0.0)
    assert np.allclose(varied.std(axis=1), 1.0)
    assert np.array_equal(z[7], np.zeros(200))
