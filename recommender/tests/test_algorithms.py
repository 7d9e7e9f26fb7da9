"""Known-answer tests for each algorithm family beyond the shared contract."""

from dataclasses import replace

import numpy as np
import pytest
from scipy import sparse

from recommender.algorithms.base import InteractionData, UserProfile, top_n_rows
from recommender.algorithms.ease import (
    LAMBDA_GRID,
    EaseConfig,
    EaseRecommender,
    mean_interactions_per_title,
    spd_inverse,
)
from recommender.algorithms.hybrid import (
    EXPOSURE_GRID,
    GRID,
    POPULARITY_GRID,
    HybridConfig,
    HybridRecommender,
    choose_beta,
    fusion_gain,
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
from recommender.algorithms.session import SessionRecommender
from recommender.algorithms.svd import SvdConfig, SvdRecommender
from recommender.algorithms.validation import (
    SETTINGS_SHARE,
    SETTINGS_USERS,
    mask_seen,
    ndcg_and_coverage,
    ndcg_of_lists,
    ndcg_per_user,
    validation_split,
)
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
    model = HybridRecommender(HybridConfig()).fit(data, seed=0)
    assert "content" not in model.member_names()
    assert model.weights()[model.validation_["best_member"]] == 1.0
    members = model.validation_["members"]
    assert set(members) == set(model.member_names())
    assert model.validation_["ndcg"] >= max(members.values())  # at least its best member
    assert model.validation_["ndcg"] > members["popularity"] + 0.3  # the checkerboard's signal


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
    weights, found = model._fit_weights(names, stacks)

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
    assert found == pytest.approx(best)


def test_spd_inverse_matches_the_general_inverse_and_handles_a_matrix_that_is_not_spd():
    rng = np.random.default_rng(0)
    a = rng.random((80, 20))
    gram = a @ a.T + 5.0 * np.eye(80)
    np.testing.assert_allclose(spd_inverse(gram), np.linalg.inv(gram), rtol=1e-9, atol=1e-12)
    indefinite = np.array([[1.0, 2.0], [2.0, 1.0]])
    np.testing.assert_allclose(spd_inverse(indefinite) @ indefinite, np.eye(2), atol=1e-12)


def test_hybrid_reuses_members_fitted_on_the_same_data_and_scores_the_same():
    data = checkerboard()
    config = HybridConfig()
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


def skewed(n_users: int = 300, n_items: int = 120, seed: int = 1) -> InteractionData:
    """Two taste groups over a popularity-skewed catalogue, 8-16 ratings each, no timestamps."""
    rng = np.random.default_rng(seed)
    popularity = 1.0 / np.arange(1, n_items + 1) ** 0.9
    dense = np.zeros((n_users, n_items), np.float32)
    for u in range(n_users):
        taste = np.where(np.arange(n_items) % 2 == u % 2, 3.0, 1.0) * popularity
        picks = rng.choice(n_items, rng.integers(8, 17), replace=False, p=taste / taste.sum())
        dense[u, picks] = rng.integers(1, 11, len(picks))  # a 1-10 scale
    return InteractionData(
        user_ids=np.arange(n_users), item_ids=np.arange(n_items), matrix=sparse.csr_matrix(dense)
    )


def test_exposure_beta_is_the_largest_on_the_grid_within_the_tolerance():
    """Scores that favour popular titles: a penalty on exposure buys coverage; the chosen beta
    is the largest whose validation NDCG@10 stays within the tolerance of the unpenalised."""
    rng = np.random.default_rng(0)
    n_users, n_cols = 200, 400
    popularity = 1.0 / np.arange(1, n_cols + 1) ** 0.7
    relevant = rng.random((n_users, n_cols)) < 0.05 * popularity / popularity.mean()
    seen = sparse.csr_matrix((rng.random((n_users, n_cols)) < 0.02) & ~relevant)
    fused = relevant * 1.0 + 3.0 * popularity + rng.normal(0, 0.6, (n_users, n_cols))
    fused = fused.astype(np.float32)
    mask_seen(fused, seen)
    tolerance = 0.02
    chosen, curve = choose_beta([(fused, relevant)], tolerance, EXPOSURE_GRID)
    floor = (1 - tolerance) * curve[0.0]
    assert 0.0 < chosen < EXPOSURE_GRID[-1]  # the penalty is used, and the tolerance binds
    assert curve[chosen] >= floor
    assert all(curve[b] < floor for b in EXPOSURE_GRID if b > chosen)
    # the curve is the real NDCG@10 of the penalised lists
    assert curve[0.0] == pytest.approx(ndcg_of_lists(top_n_rows(fused, 10), relevant))

    spread = np.nanmean(np.nanstd(np.where(np.isfinite(fused), fused, np.nan), axis=1))

    def z_log_exposure(top: np.ndarray) -> np.ndarray:
        log_exposure = np.log1p(np.bincount(top.ravel(), minlength=n_cols))
        return (log_exposure - log_exposure.mean()) / log_exposure.std()

    def refined_lists(beta: float) -> np.ndarray:
        # the penalty of the unpenalised lists, averaged twice with the one its own lists give
        penalty = z_log_exposure(top_n_rows(fused, 10))
        for _ in range(2):
            penalty = 0.5 * penalty + 0.5 * z_log_exposure(
                top_n_rows(fused - beta * spread * penalty, 10)
            )
        return top_n_rows(fused - beta * spread * penalty, 10)

    assert len(np.unique(refined_lists(chosen))) > len(np.unique(refined_lists(0.0)))
    assert curve[chosen] == pytest.approx(ndcg_of_lists(refined_lists(chosen), relevant), abs=1e-6)
    # the floor never goes below keep_at_least: with the unpenalised NDCG as the floor the
    # penalty may not cost anything on validation
    strict, strict_curve = choose_beta(
        [(fused, relevant)], tolerance, EXPOSURE_GRID, keep_at_least=curve[0.0]
    )
    assert strict_curve[strict] >= curve[0.0] - 1e-12
    assert strict <= chosen


def test_fusion_gain_is_the_paired_per_user_ndcg_gain_and_its_standard_error():
    held = np.zeros((4, 6), bool)
    held[:, 0] = True  # every user has title 0 held out
    alone = np.tile(np.arange(6, 0, -1, dtype=np.float32), (4, 1))  # title 0 first for everyone
    fused = alone.copy()
    fused[:2, 0] = -1.0  # the fusion drops it from the lists of users 0 and 1
    gain, se = fusion_gain([(fused, held)], [(alone, held)])
    diffs = ndcg_per_user(top_n_rows(fused, 10), held) - ndcg_per_user(top_n_rows(alone, 10), held)
    assert list(diffs[2:]) == [0.0, 0.0]
    assert (diffs[:2] < 0).all()
    assert gain == pytest.approx(diffs.mean())
    assert se == pytest.approx(diffs.std(ddof=1) / 2.0)
    assert fusion_gain([(alone, held)], [(alone, held)]) == (0.0, 0.0)


def test_hybrid_keeps_its_best_member_alone_when_the_fusion_gain_is_within_noise():
    data = skewed()
    members = (("popularity", {}), ("user_knn", {"k": 0, "centred": False}), ("ease", {}))
    # an infinite noise bar: no fusion gain is distinguishable, so the best member stands alone
    model = HybridRecommender(HybridConfig(members=members, noise_se=np.inf)).fit(data, seed=0)
    report = model.validation_
    weights = model.weights()
    assert weights[report["best_member"]] == 1.0
    assert all(
        w == 0.0 for n, w in weights.items() if n not in (report["best_member"], "exposure_beta")
    )
    assert report["ndcg"] == pytest.approx(report["members"][report["best_member"]])
    # the default bar: either the fusion is kept with a gain beyond two standard errors, or not
    default = HybridRecommender(HybridConfig(members=members)).fit(data, seed=0)
    fitted = default.validation_
    if fitted["ndcg"] > fitted["members"][fitted["best_member"]] + 1e-12:  # the fusion was kept
        assert fitted["fusion_gain"] > 2.0 * fitted["fusion_gain_se"]
    else:
        assert sorted(w for n, w in default.weights().items() if n != "exposure_beta")[-2:] == [
            0.0,
            1.0,
        ]


def test_hybrid_never_falls_below_its_best_member_on_validation():
    """popularity is listed first and is the weakest member: the search starts from the best
    member (weight 1) and only keeps changes that raise validation NDCG@10."""
    data = skewed()
    members = (("popularity", {}), ("user_knn", {"k": 0, "centred": False}), ("ease", {}))
    model = HybridRecommender(HybridConfig(members=members)).fit(data, seed=0)
    report = model.validation_
    best = max(report["members"], key=report["members"].get)
    assert report["best_member"] == best != "popularity"
    assert model.weights()[best] == 1.0
    assert report["ndcg"] >= report["members"][best] - 1e-9
    tolerance = HybridConfig().exposure_tolerance
    assert report["ndcg_with_exposure_control"] >= (1 - tolerance) * report["ndcg"] - 1e-9
    # nor does the exposure control take it below that member on validation
    assert report["ndcg_with_exposure_control"] >= report["members"][best] - 1e-9


def test_session_steps_aside_on_data_without_interaction_times():
    data = skewed()
    with pytest.raises(ValueError, match="interaction times"):
        SessionRecommender().fit(data, seed=0)
    flat = replace(data, timestamps=data.matrix.copy() * 0 + data.binary())  # all stamps equal
    with pytest.raises(ValueError, match="interaction times"):
        SessionRecommender().fit(flat, seed=0)
    members = (("ease", {}), ("session", {}), ("popularity", {}))
    model = HybridRecommender(HybridConfig(members=members)).fit(data, seed=0)
    assert "session" not in model.member_names()
    assert "session" not in model.validation_["members"]


def test_ease_chooses_lambda_on_validation_from_a_grid_scaled_by_the_data():
    data = skewed()
    grid = EaseRecommender.candidates(EaseConfig(), data)
    assert [c.l2_per_interaction for c in grid] == list(LAMBDA_GRID)
    assert EaseRecommender.candidates(EaseConfig(l2=100.0), data) == [EaseConfig(l2=100.0)]
    model = EaseRecommender(EaseConfig()).fit(data, seed=0)
    multiple = model.l2_ / mean_interactions_per_title(data)
    assert any(multiple == pytest.approx(m) for m in LAMBDA_GRID)
    # the choice is a local best of validation NDCG@10 on the documented holdout
    split = validation_split(data, 1, SETTINGS_SHARE, SETTINGS_USERS)
    position = [pytest.approx(m) for m in LAMBDA_GRID].index(multiple)

    def score(i: int) -> float:
        m = EaseRecommender(EaseConfig(l2_per_interaction=LAMBDA_GRID[i])).fit(split.train)
        return split.ndcg(m)

    for neighbour in (position - 1, position + 1):
        if 0 <= neighbour < len(LAMBDA_GRID):
            assert score(position) >= score(neighbour) - 1e-6
    # twice the interactions per title: twice the lambda candidates
    doubled = replace(data, matrix=sparse.vstack([data.matrix, data.matrix]).tocsr())
    assert mean_interactions_per_title(doubled) == pytest.approx(
        2 * mean_interactions_per_title(data)
    )


def test_knn_neighbour_candidates_scale_with_the_number_of_users():
    ks = [c.k for c in UserKnnRecommender.candidates(KnnConfig(k=0), skewed(n_users=400))]
    assert ks == [5, 10, 20, 40, 80]  # sqrt(400) x 1/4 .. 4
    assert UserKnnRecommender.candidates(KnnConfig(k=7), skewed()) == [KnnConfig(k=7)]
    model = UserKnnRecommender(KnnConfig(k=0, centred=False)).fit(skewed(), seed=0)
    assert model.config.k in [c.k for c in UserKnnRecommender.candidates(KnnConfig(k=0), skewed())]
