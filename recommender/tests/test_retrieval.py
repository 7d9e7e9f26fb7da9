"""The ANN candidate index and the two-stage ranking (recommender/retrieval, issue 25)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from recommender.algorithms.base import InteractionData
from recommender.algorithms.content import ContentRecommender
from recommender.algorithms.ease import EaseRecommender
from recommender.algorithms.hybrid import HybridConfig, HybridRecommender
from recommender.algorithms.knn import ItemKnnRecommender, UserKnnRecommender
from recommender.algorithms.popularity import PopularityRecommender
from recommender.algorithms.session import SessionRecommender
from recommender.retrieval.exact import exact_top_k
from recommender.retrieval.index import META_FILE, AnnIndex, IndexConfig, use_exact
from recommender.retrieval.pool_scores import HybridPoolScorer, MemberColumns
from recommender.retrieval.two_stage import (
    TwoStageRanker,
    choose_pool_size,
    ndcg_per_user,
    pool_grid,
)
from recommender.tests.data import checkerboard

SMALL = IndexConfig()


def planted(n_items: int = 4000, dims: int = 16, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(item vectors, query vectors): 20 taste directions, items and users scattered around them
    with lognormal norms (popular titles have longer vectors, as in factor models)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((20, dims))
    items = centres[rng.integers(0, 20, n_items)] + 0.5 * rng.standard_normal((n_items, dims))
    items *= rng.lognormal(0.0, 0.3, (n_items, 1))
    queries = centres[rng.integers(0, 20, 200)] + 0.5 * rng.standard_normal((200, dims))
    return items.astype(np.float32), queries.astype(np.float32)


@pytest.fixture(scope="module")
def planted_index() -> tuple[AnnIndex, np.ndarray]:
    items, queries = planted()
    return AnnIndex.build(items, SMALL), queries


def test_search_recalls_the_exact_inner_product_top_10_on_planted_data(
    planted_index: tuple[AnnIndex, np.ndarray],
) -> None:
    index, queries = planted_index
    found, scores = index.search(queries, 10)
    truth, truth_scores = exact_top_k(queries, index.vectors, 10)
    recall = np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth, strict=True)])
    assert found.shape == truth.shape == (200, 10)
    assert recall >= 0.95
    assert (np.diff(scores, axis=1) <= 1e-5).all()  # best first
    assert np.mean(found[:, 0] == truth[:, 0]) >= 0.95
    products = np.einsum("qkd,qd->qk", index.vectors[found], queries)  # exact products
    np.testing.assert_allclose(scores, products, rtol=1e-5, atol=1e-4)
    assert (scores <= truth_scores[:, :1] + 1e-4).all()


def test_index_saved_and_loaded_mapped_or_read_answers_the_same(
    planted_index: tuple[AnnIndex, np.ndarray], tmp_path: Path
) -> None:
    index, queries = planted_index
    index.save(tmp_path)
    before = index.search(queries[:20], 10)
    for mmap in (True, False):
        loaded = AnnIndex.load(tmp_path, mmap=mmap)
        assert loaded.config == index.config
        assert index.config.lists == round(np.sqrt(index.n_items))
        assert loaded.n_items == index.n_items
        assert isinstance(loaded.vectors, np.memmap) is mmap
        after = loaded.search(queries[:20], 10)
        np.testing.assert_array_equal(after[0], before[0])
        np.testing.assert_allclose(after[1], before[1], rtol=1e-6)


def test_loading_refuses_another_format_or_mismatched_files(
    planted_index: tuple[AnnIndex, np.ndarray], tmp_path: Path
) -> None:
    index, _ = planted_index
    index.save(tmp_path)
    meta = json.loads((tmp_path / META_FILE).read_text())
    (tmp_path / META_FILE).write_text(json.dumps(meta | {"items": 7}))
    with pytest.raises(ValueError, match="disagree"):
        AnnIndex.load(tmp_path)
    (tmp_path / META_FILE).write_text(json.dumps(meta | {"format": 99}))
    with pytest.raises(ValueError, match="format 99"):
        AnnIndex.load(tmp_path)


def test_building_twice_gives_the_same_answers() -> None:
    items, queries = planted(n_items=1500, seed=4)
    first = AnnIndex.build(items, SMALL).search(queries, 10)
    second = AnnIndex.build(items, SMALL).search(queries, 10)
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])


def test_a_filter_that_leaves_few_titles_is_scanned_exactly(
    planted_index: tuple[AnnIndex, np.ndarray],
) -> None:
    index, queries = planted_index
    allowed = np.arange(3, index.n_items, 250)  # 16 titles: far below sqrt(10 x 4000)
    assert use_exact(len(allowed), 10, index.n_items)
    found, scores = index.search(queries[:30], 10, allowed=allowed)
    truth, truth_scores = exact_top_k(queries[:30], index.vectors, 10, allowed)
    np.testing.assert_array_equal(found, truth)
    np.testing.assert_allclose(scores, truth_scores, rtol=1e-5, atol=1e-5)


def test_the_exact_path_threshold_grows_with_k_and_the_catalogue() -> None:
    assert use_exact(3162, 10, 1_000_000)
    assert not use_exact(3163, 10, 1_000_000)
    assert not use_exact(3162, 10, 100_000)
    assert use_exact(20_000, 500, 1_000_000)


def test_a_wide_filter_and_exclusions_return_only_allowed_unexcluded_titles(
    planted_index: tuple[AnnIndex, np.ndarray],
) -> None:
    index, queries = planted_index
    allowed = np.arange(0, index.n_items, 2)  # 2,000 titles: searched, not scanned
    assert not use_exact(len(allowed), 10, index.n_items)
    unfiltered, _ = index.search(queries[:10], 10)
    exclude = [row[:3] for row in unfiltered]
    found, _ = index.search(queries[:10], 10, allowed=allowed, exclude=exclude)
    assert found.shape == (10, 10)
    assert (found >= 0).all()
    assert np.isin(found, allowed).all()
    assert not any(np.isin(row, gone).any() for row, gone in zip(found, exclude, strict=True))


def test_fewer_eligible_titles_than_k_pad_the_row() -> None:
    items, queries = planted(n_items=300, seed=2)
    index = AnnIndex.build(items, SMALL)
    found, scores = index.search(queries[:2], 10, allowed=np.array([5, 9, 11]))
    assert sorted(found[0][:3].tolist()) == [5, 9, 11]
    assert (found[:, 3:] == -1).all()
    assert np.isneginf(scores[:, 3:]).all()


def test_bad_vectors_or_queries_are_refused() -> None:
    with pytest.raises(ValueError, match="non-empty 2-D"):
        AnnIndex.build(np.empty((0, 4), np.float32))
    index = AnnIndex.build(planted(n_items=100, seed=3)[0], SMALL)
    with pytest.raises(ValueError, match="dimensions"):
        index.search(np.zeros((1, 3), np.float32), 5)
    with pytest.raises(ValueError, match="one array per query"):
        index.search(np.zeros((2, 16), np.float32), 5, exclude=[np.array([1])])


MEMBERS = (
    EaseRecommender,
    SessionRecommender,
    UserKnnRecommender,
    ItemKnnRecommender,
    ContentRecommender,
    PopularityRecommender,
)


def uneven(n: int = 24) -> InteractionData:
    """The checkerboard with every fifth interaction dropped: titles differ in popularity."""
    data = checkerboard(n=n)
    keep = sparse.csr_matrix(np.fromfunction(lambda u, i: (7 * u + i) % 5 != 0, (n, n)))
    matrix = data.matrix.multiply(keep).tocsr()
    assert data.timestamps is not None
    return replace(data, matrix=matrix, timestamps=data.timestamps.multiply(keep).tocsr())


@pytest.mark.parametrize("cls", MEMBERS, ids=lambda c: c.name)
def test_a_member_scores_a_few_columns_as_it_scores_the_catalogue(cls: type) -> None:
    data = uneven()
    model = cls().fit(data, seed=0)
    cols = np.array([0, 5, 6, 17, 23])
    full = np.asarray(model.score_rows(np.array([3])), dtype=np.float64)[0]
    assert np.ptp(full) > 0  # the member says something about user 3
    np.testing.assert_allclose(MemberColumns(model).scores(3, cols), full[cols], atol=1e-5)


def _hybrid() -> tuple[HybridRecommender, sparse.csr_matrix]:
    data = uneven()
    config = HybridConfig(weights=(1.0, 0.4, 0.2, 0.3, 0.0, 0.1))  # every member counts
    hybrid = HybridRecommender(config)
    hybrid.fit(data, seed=0)
    return hybrid, data.binary()


def test_pool_scores_rank_a_pool_as_the_hybrid_ranks_the_catalogue() -> None:
    hybrid, _ = _hybrid()
    assert sum(w > 0 for w in hybrid.weights_) >= 4
    scorer = HybridPoolScorer(hybrid)  # the sample covers this small catalogue: exact statistics
    pool = np.array([1, 2, 8, 9, 14, 20, 21])
    for row in (0, 7):
        full = hybrid.score_rows(np.array([row]))[0][pool]
        offset = scorer.scores(row, pool) - full  # equal up to one constant per user
        np.testing.assert_allclose(offset, offset[0], atol=1e-4)


def test_two_stage_with_the_whole_catalogue_as_pool_is_the_full_ranking() -> None:
    hybrid, seen = _hybrid()
    rng = np.random.default_rng(0)
    users, items = rng.standard_normal((24, 8)), rng.standard_normal((24, 8))
    ranker = TwoStageRanker(AnnIndex.build(items, SMALL), users, HybridPoolScorer(hybrid), seen)
    rows = np.arange(24)
    two = ranker.recommend(rows, size=24, k=5)
    scores = hybrid.score_rows(rows).astype(np.float64)
    scores[seen.nonzero()] = -np.inf
    best = -np.sort(-scores, axis=1)[:, :5]
    assert (two >= 0).all()
    assert not seen[rows[:, None], two].toarray().any()
    np.testing.assert_allclose(np.take_along_axis(scores, two, axis=1), best, atol=1e-4)


def test_pool_size_is_the_smallest_on_the_grid_that_keeps_the_full_ndcg() -> None:
    assert pool_grid(10, 1682) == [20, 40, 80, 160, 320, 640, 1280, 1682]
    assert pool_grid(10, 15) == [15]
    hybrid, seen = _hybrid()
    rng = np.random.default_rng(1)
    users, items = rng.standard_normal((24, 8)), rng.standard_normal((24, 8))
    ranker = TwoStageRanker(AnnIndex.build(items, SMALL), users, HybridPoolScorer(hybrid), seen)
    rows = np.arange(24)
    relevant = [np.array([r]) for r in rows]  # checkerboard: the held-out diagonal
    full = ranker.recommend(rows, size=24, k=5)
    size, curve = choose_pool_size(ranker, rows, relevant, full, k=5, tolerance=0.0)
    assert size == 10  # any NDCG keeps 0 x the full one
    assert list(curve) == [10]
    size, curve = choose_pool_size(ranker, rows, relevant, full, k=5, tolerance=1.0)
    whole = float(ndcg_per_user(full, relevant).mean())
    assert len(curve) >= 1
    assert curve[size] >= whole - 1e-12
    assert all(value < whole for tried, value in curve.items() if tried < size)
