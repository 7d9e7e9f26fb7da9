"""Item kNN's neighbours are computed a block of titles at a time into a sparse top-k matrix
(O(titles x k) memory); the blocks give exactly what the dense titles x titles path gave."""

import numpy as np
import pytest
from scipy import sparse

from recommender.algorithms import knn
from recommender.algorithms.base import InteractionData
from recommender.algorithms.knn import (
    ItemKnnRecommender,
    KnnConfig,
    blocked_topk_similarity,
    centred,
    shrunk_topk_similarity,
)


def ratings(n_users: int = 120, n_items: int = 70, seed: int = 0) -> sparse.csr_matrix:
    rng = np.random.default_rng(seed)
    mask = rng.random((n_users, n_items)) < rng.uniform(0.02, 0.3, n_items)
    values = rng.integers(1, 6, (n_users, n_items)).astype(np.float32)
    return sparse.csr_matrix(np.where(mask, values, 0.0))


@pytest.mark.parametrize("cells", [70, 700, 10**9])  # one title a block, ten, all at once
@pytest.mark.parametrize("k", [0, 5, 69, 200])
@pytest.mark.parametrize("centre", [True, False])
def test_blocks_give_the_dense_similarity_exactly(monkeypatch, cells, k, centre):
    monkeypatch.setattr(knn, "BLOCK_CELLS", cells)
    matrix = ratings()
    binary = matrix.copy()
    binary.data[:] = 1.0
    items_binary = binary.T.tocsr()
    rows = centred(matrix, axis=0)[0].T.tocsr() if centre else items_binary.astype(np.float64)
    dense = shrunk_topk_similarity(rows, items_binary, k, 10.0)
    blocked = blocked_topk_similarity(rows, rows if not centre else items_binary, k, 10.0)
    assert blocked.shape == dense.shape == (70, 70)
    assert blocked.dtype == np.float32
    np.testing.assert_array_equal(blocked.toarray(), dense)
    if 0 < k < 70:
        assert np.diff(blocked.indptr).max() <= k


def test_memory_is_titles_times_k_not_titles_squared(monkeypatch):
    monkeypatch.setattr(knn, "BLOCK_CELLS", 600)
    calls: list[int] = []
    real = knn._shrunk_topk

    def spy(sim, *args, **kwargs):
        calls.append(sim.size)
        return real(sim, *args, **kwargs)

    monkeypatch.setattr(knn, "_shrunk_topk", spy)
    matrix = ratings(n_items=300)
    data = InteractionData(np.arange(120), np.arange(300), matrix)
    model = ItemKnnRecommender(KnnConfig(k=7, centred=False)).fit(data)
    assert len(calls) > 1
    assert max(calls) <= 600
    assert model.similarity_.nnz <= 300 * 7
    assert sparse.issparse(model.similarity_)


def test_titles_without_interactions_have_no_neighbours():
    matrix = ratings().tolil()
    matrix[:, 3] = 0
    data = InteractionData(np.arange(120), np.arange(70), matrix.tocsr())
    model = ItemKnnRecommender(KnnConfig(k=5, centred=False)).fit(data)
    assert model.similarity_[3].nnz == 0
    assert model.similarity_[:, 3].nnz == 0
    assert model.similarity_.nnz > 0
