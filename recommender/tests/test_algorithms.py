"""Known-answer tests for each algorithm family beyond the shared contract."""

from dataclasses import replace

import numpy as np
import pytest
from scipy import sparse

from recommender.algorithms.base import InteractionData, UserProfile, top_n_rows
from recommender.algorithms.ease import EaseConfig, EaseRecommender, spd_inverse
from recommender.algorithms.hybrid import (
    EXPOSURE_GRID,
    GRID,
    POPULARITY_GRID,
    HybridConfig,
    HybridRecommender,
    ndcg_and_coverage,
)
from recommender.algorithms.knn import ItemKnnRecommender, KnnConfig, UserKnnRecommender
from recommender.algorithms.mood import MOODS, mood_match, mood_rerank
from recommender.algorithms.popularity import PopularityConfig, PopularityRecommender
from recommender.algorithms.preferences import (
    LanguagePreferenceRecommender,
    PreferenceConfig,
    RegionalPreferenceRecommender,
)
from recommender.algorithms.rating_blend import RatingBlendConfig, RatingBlendPredictor
from recommender.algorithms.svd import SvdConfig, SvdRecommender
from recommender.tests.data import checkerboard


def low_rank_ratings(
    n_users: int = 60, n_items: int = 40, seed: int = 0
) -> tuple[InteractionData, np.ndarray]:
    """Ratings 1-5 from two taste groups; 70% observed. Returns the data and the full truth."""
    rng = np.random.default_rng(seed)
    group_u = rng.integers(0, 2, n_users)
    group_i = rng.integers(0, 2, n_items)
    truth = np.where(group_u[:, None] == group_i[None, :], 4.5, 1.5) + rng.normal(
        0, 0.3, (n_users, n_items)
    )
    truth = np.clip(truth, 1, 5)
    observed = rng.random((n_users, n_items)) < 0.7
    matrix = sparse.csr_matrix(np.where(observed, np.round(truth), 0).astype(np.float32))
    data = InteractionData(user_ids=np.arange(n_users), item_ids=np.arange(n_items), matrix=matrix)
    return data, truth * ~observed


def test_popularity_ranks_most_interacted_item_first():
    dense = np.zeros((4, 3), dtype=np.float32)
    dense[:, 2] = 1
    dense[:2, 0] = 1
    data = InteractionData(
        user_ids=np.arange(4), item_ids=np.array([10, 11, 12]), matrix=sparse.csr_matrix(dense)
    )
    model = PopularityRecommender().fit(data)
    assert [r.item_id for r in model.recommend(user_id=3, n=3, exclude_seen=False)] == [12, 10, 11]


def test_trending_popularity_prefers_recent_interactions():
    dense = np.ones((2, 2), dtype=np.float32)
    dense[1, 1] = 0
    stamps = np.array([[0.0, 100 * 86400.0], [0.0, 0.0]])  # item 0: two old; item 1: one recent
    data = InteractionData(
        user_ids=np.arange(2),
        item_ids=np.array([1, 2]),
        matrix=sparse.csr_matrix(dense),
        timestamps=sparse.csr_matrix(np.where(dense > 0, stamps + 1, 0)),
    )
    assert PopularityRecommender(PopularityConfig(half_life_days=7)).fit(data).scores_.argmax() == 1
    assert PopularityRecommender().fit(data).scores_.argmax() == 0


def test_svd_predicts_held_out_ratings_better_than_the_mean():
    data, truth = low_rank_ratings()
    model = SvdRecommender(SvdConfig(n_factors=4, n_epochs=60, lr_all=0.02)).fit(data)
    users, items = np.nonzero(truth)
    error = np.sqrt(np.mean((model.predict(users, items) - truth[users, items]) ** 2))
    baseline = np.sqrt(np.mean((data.matrix.data.mean() - truth[users, items]) ** 2))
    assert error < 0.6 * baseline


def test_svd_fold_in_learns_a_new_users_taste():
    data, _ = low_rank_ratings()
    model = SvdRecommender(SvdConfig(n_factors=4, n_epochs=60, lr_all=0.02)).fit(data)
    dense = data.matrix.toarray()
    liked = np.flatnonzero(dense[0] >= 4)[:5]
    disliked = np.flatnonzero((dense[0] > 0) & (dense[0] <= 2))[:5]
    bias, factors = model.fold_in_factors(
        np.r_[liked, disliked], np.r_[[5.0] * len(liked), [1.0] * len(disliked)]
    )
    scores = model.score_folded(bias, factors)
    # items user 0 liked resemble what the new user liked: they score higher than the disliked ones
    assert (
        scores[np.flatnonzero(dense[0] >= 4)].mean()
        > scores[np.flatnonzero((dense[0] > 0) & (dense[0] <= 2))].mean() + 1
    )


@pytest.mark.parametrize("cls", [UserKnnRecommender, ItemKnnRecommender])
def test_knn_rating_predictions_follow_the_taste_groups(cls):
    data, truth = low_rank_ratings()
    model = cls(KnnConfig(k=20, shrinkage=5)).fit(data)
    users, items = np.nonzero(truth)
    predicted = model.predict(users, items)
    assert np.corrcoef(predicted, truth[users, items])[0, 1] > 0.8


def test_rating_blend_beats_its_weakest_member_and_reports_weights():
    data, truth = low_rank_ratings(n_users=80, n_items=50)
    blend = RatingBlendPredictor(RatingBlendConfig(members=("baseline", "svd", "knn_item"))).fit(
        data
    )
    users, items = np.nonzero(truth)
    error = np.sqrt(np.mean((blend.predict(users, items) - truth[users, items]) ** 2))
    assert error < 0.8
    assert set(blend.weights()) == {"baseline", "svd", "knn_item"}


def test_language_preference_follows_interactions_and_declared_languages():
    data = checkerboard()
    model = LanguagePreferenceRecommender().fit(data)
    odd_user = model.user_distribution(1)  # user id 2 watched only English items
    assert odd_user["en"] > 0.8
    affinity = model.affinity_for(UserProfile(languages=("te",)), {})
    assert affinity[model.labels_.index("te")] > affinity[model.labels_.index("en")]


def test_language_preference_decays_old_interactions():
    # four Telugu titles a year ago, four Hindi titles today
    day = 86400.0
    stamps = np.array([[1.0] * 4 + [400 * day] * 4])
    base = checkerboard(8).item_features
    assert base is not None
    features = replace(base, languages=np.array(["te"] * 4 + ["hi"] * 4, dtype=object))

    def distribution(half_life_days: float) -> dict[str, float]:
        data = InteractionData(
            user_ids=np.arange(1),
            item_ids=np.arange(8),
            matrix=sparse.csr_matrix(np.ones((1, 8))),
            timestamps=sparse.csr_matrix(stamps),
            item_features=features,
        )
        return (
            LanguagePreferenceRecommender(PreferenceConfig(half_life_days=half_life_days))
            .fit(data)
            .user_distribution(0)
        )

    recent = distribution(90.0)
    no_decay = distribution(1e9)
    assert recent["hi"] > 2 * recent["te"]
    assert abs(no_decay["hi"] - no_decay["te"]) < 0.01


def test_regional_affinity_is_smoothed_toward_location():
    data = checkerboard()
    model = RegionalPreferenceRecommender().fit(data)
    # row 0 (user id 1): Telugu-only history and located in Telangana -> strongly regional
    assert model.regional_share_[0] > 0.9
    # row 1: English-only history, no location -> mostly international
    assert model.regional_share_[1] < 0.3


def test_mood_feel_good_prefers_comedy_and_dark_prefers_revenge():
    data = checkerboard()
    features = data.item_features
    assert features is not None
    feel_good = mood_match(features, "feel-good")
    dark = mood_match(features, "dark")
    assert feel_good[1] > feel_good[0]  # item 1 is a comedy about friendship
    assert dark[0] > dark[1]  # item 0 is a revenge action film
    assert set(MOODS) >= {
        "feel-good",
        "thrilling",
        "romantic",
        "dark",
        "funny",
        "mind-bending",
        "family",
    }


def test_mood_rerank_keeps_excluded_items_excluded():
    data = checkerboard()
    assert data.item_features is not None
    taste = np.linspace(0, 1, 20)
    taste[3] = -np.inf
    ranked = mood_rerank(taste, data.item_features, "funny")
    assert ranked[3] == -np.inf
    assert np.isfinite(ranked[np.arange(20) != 3]).all()


def test_hybrid_fits_weights_on_validation_and_skips_members_without_features():
    data = checkerboard(with_features=False)
    model = HybridRecommender(HybridConfig(min_coverage=0.0)).fit(data, seed=0)
    assert "content" not in model.member_names()
    assert model.weights()["ease"] == 1.0
    assert 0.0 <= model.validation_["ndcg"] <= 1.0


def test_weight_search_matches_coordinate_ascent_over_the_full_weighted_sum():
    """The incremental search (one member's scores added per trial) picks the weights a plain
    coordinate ascent recomputing sum_m w_m * scores_m for every trial picks."""
    rng = np.random.default_rng(3)
    n_users, n_cols = 60, 50
    relevant = rng.random((n_users, n_cols)) < 0.1
    seen = sparse.csr_matrix(~relevant & (rng.random((n_users, n_cols)) < 0.2))
    members = np.stack(
        [
            relevant * 0.8 + rng.normal(size=(n_users, n_cols)),  # weak signal
            relevant * 1.5 + rng.normal(size=(n_users, n_cols)),  # stronger signal
            rng.normal(size=(n_users, n_cols)),  # noise
        ]
    ).astype(np.float32)
    names = ["ease", "session", "popularity"]
    stacks = [(members, seen, relevant)]
    model = HybridRecommender(HybridConfig())
    weights = model._fit_weights(names, stacks)

    def objective(w: np.ndarray) -> float:
        return ndcg_and_coverage(np.tensordot(w, members, axes=1), seen, relevant)[0]

    expected = np.array([1.0, 0.0, 0.0])
    best = objective(expected)
    for _round in range(HybridConfig().rounds):
        for m, name in enumerate(names[1:], start=1):
            for value in POPULARITY_GRID if name == "popularity" else GRID:
                trial = expected.copy()
                trial[m] = value
                if (score := objective(trial)) > best + 1e-6:
                    best, expected = score, trial
    assert expected[1] > 0  # the stronger signal earned a weight: the search had work to do
    assert weights.tolist() == expected.tolist()
    assert model.validation_["ndcg"] == pytest.approx(best)


def test_spd_inverse_matches_the_general_inverse_and_handles_a_matrix_that_is_not_spd():
    rng = np.random.default_rng(0)
    a = rng.random((80, 20))
    gram = a @ a.T + 5.0 * np.eye(80)
    np.testing.assert_allclose(spd_inverse(gram), np.linalg.inv(gram), rtol=1e-9, atol=1e-12)
    indefinite = np.array([[1.0, 2.0], [2.0, 1.0]])
    np.testing.assert_allclose(spd_inverse(indefinite) @ indefinite, np.eye(2), atol=1e-12)


def test_hybrid_reuses_members_fitted_on_the_same_data_and_scores_the_same():
    data = checkerboard()
    config = HybridConfig(min_coverage=0.0)
    ease_params = dict(config.members)["ease"]
    ease = EaseRecommender(EaseConfig(**ease_params)).fit(data, seed=0)
    reused = HybridRecommender(config)
    reused.reuse({("ease", ease.config): ease}, data, seed=0)
    reused.fit(data, seed=0)
    fresh = HybridRecommender(config).fit(data, seed=0)
    assert dict(reused.members_)["ease"] is ease
    assert dict(fresh.members_)["ease"] is not ease
    rows = np.arange(data.n_users)
    np.testing.assert_allclose(reused.score_rows(rows), fresh.score_rows(rows), rtol=1e-6)
    # other data (a validation split) or another seed: fitted afresh
    other = HybridRecommender(config)
    other.reuse({("ease", ease.config): ease}, checkerboard(), seed=0)
    other.fit(data, seed=0)
    assert dict(other.members_)["ease"] is not ease


def test_exposure_control_reaches_the_coverage_it_promises_over_every_users_lists():
    """Popularity-skewed interactions: unpenalised lists crowd onto the popular titles. The
    chosen penalty is the smallest on the grid whose top-10 lists, over all users, cover
    min_coverage of the titles with interactions."""
    rng = np.random.default_rng(1)
    n_users, n_items = 300, 120
    popularity = 1.0 / np.arange(1, n_items + 1) ** 1.1
    dense = np.zeros((n_users, n_items), np.float32)
    for u in range(n_users):
        dense[u, rng.choice(n_items, 8, replace=False, p=popularity / popularity.sum())] = 4.0
    data = InteractionData(
        user_ids=np.arange(n_users),
        item_ids=np.arange(n_items),
        matrix=sparse.csr_matrix(dense),
    )
    members = (("ease", {"l2": 50.0}), ("popularity", {}))
    config = HybridConfig(members=members, weights=(1.0, 0.3), min_coverage=0.6)
    model = HybridRecommender(config).fit(data, seed=0)

    def coverage(beta: float) -> float:
        scores = model._fused(np.arange(n_users)) - beta * model.exposure_[None, :]
        seen = data.binary().toarray() > 0
        scores[seen] = -np.inf
        interacted = seen.any(axis=0)
        scores[:, ~interacted] = -np.inf
        return len(np.unique(top_n_rows(scores, 10))) / interacted.sum()

    assert coverage(0.0) < 0.6  # the penalty had work to do
    assert model.beta_ > 0
    assert coverage(model.beta_) >= 0.6
    assert model.training_coverage_ == pytest.approx(coverage(model.beta_))
    smaller = [b for b in EXPOSURE_GRID if b < model.beta_]
    assert all(coverage(b) < 0.6 for b in smaller)
