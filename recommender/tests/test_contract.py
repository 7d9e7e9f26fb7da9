"""Every ranking algorithm passes one contract (implicit's and LensKit's conformance idea)."""

import numpy as np
import pytest

from recommender.algorithms import ALGORITHMS, SERVING_CHAIN
from recommender.algorithms.base import (
    FAMILIES,
    FoldsIn,
    LanguageAffinity,
    Recommender,
    ScoresSimilarItems,
    UserState,
    WeightedMembers,
)
from recommender.storage import parameters_roundtrip
from recommender.tests.data import N, checkerboard

FAST = {
    "neumf": {"epochs": 40, "batch_size": 32, "learning_rate": 0.01},
    "deep_content": {"epochs": 2, "batch_size": 32, "input_dims": 8},
    "svd": {"n_epochs": 30, "n_factors": 8},
}
# The diagonal item is the right answer for collaborative and content models; popularity-style
# models rank by popularity instead and are checked by their own tests.
# SVD models explicit ratings (only 4s and 5s here), so it is checked on rating data instead.
PERSONALISED = {
    "als",
    "user_knn",
    "item_knn",
    "ease",
    "content",
    "deep_content",
    "neumf",
    "hybrid",
    "session",
}


def build(name: str) -> Recommender:
    cls = ALGORITHMS[name]
    return cls(cls.Config(**FAST.get(name, {})))


@pytest.fixture(scope="module", params=sorted(ALGORITHMS))
def fitted(request):
    return request.param, build(request.param).fit(checkerboard(), seed=42)


def test_unfitted_model_reports_not_fitted():
    for name in ALGORITHMS:
        assert build(name).is_fitted() is False


def test_recommend_returns_at_most_n_known_items(fitted):
    _, model = fitted
    recs = model.recommend(user_id=2, n=5)
    assert 0 < len(recs) <= 5
    assert {r.item_id for r in recs} <= set(range(101, 101 + N))
    assert [r.score for r in recs] == sorted((r.score for r in recs), reverse=True)


def test_recommend_excludes_seen_items(fitted):
    _, model = fitted
    data = checkerboard()
    seen = set(data.item_ids[data.matrix[1].indices].tolist())  # user id 2 is row 1
    recs = model.recommend(user_id=2, n=N)
    assert not {r.item_id for r in recs} & seen


def test_unknown_user_gets_empty_list(fitted):
    _, model = fitted
    assert model.recommend(user_id=-1, n=5) == []


def test_parameters_roundtrip_gives_same_recommendations(fitted):
    _, model = fitted
    restored = parameters_roundtrip(model)
    assert restored.recommend(user_id=3, n=5) == model.recommend(user_id=3, n=5)


def test_personalised_models_find_the_held_out_item(fitted):
    name, model = fitted
    if name not in PERSONALISED:
        pytest.skip("ranks by popularity or preference, checked in its own tests")
    for user_id in (1, 2, 7, 12):
        top = model.recommend(user_id=user_id, n=1)[0].item_id
        assert (top - 101) % 2 == (user_id - 1) % 2, (
            f"{name} crossed the checkerboard for {user_id}"
        )
        assert top == 100 + user_id, f"{name} missed the held-out item for user {user_id}"


def test_filters_and_explicit_exclusions(fitted):
    _, model = fitted
    allowed = np.zeros(N, dtype=bool)
    allowed[[0, 4, 8]] = True
    recs = model.recommend(user_id=1, n=5, exclude_seen=False, exclude={101}, candidates=allowed)
    assert {r.item_id for r in recs} <= {105, 109}


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_fit_is_deterministic_for_a_seed(name):
    a = build(name).fit(checkerboard(), seed=7)
    b = build(name).fit(checkerboard(), seed=7)
    ra, rb = a.recommend(user_id=3, n=5), b.recommend(user_id=3, n=5)
    assert [r.item_id for r in ra] == [r.item_id for r in rb]
    np.testing.assert_allclose([r.score for r in ra], [r.score for r in rb], rtol=1e-5)


def test_folding_in_a_users_current_items_finds_what_training_found(fitted):
    """Real-time scoring from the user's items alone agrees with the trained model."""
    name, model = fitted
    if not hasattr(model, "fold_in"):
        pytest.skip(f"{name} has no fold-in (served through the hybrid's members)")
    data = checkerboard()
    row = 4  # user id 5: even items except item 4
    items = data.matrix[row].indices
    state = UserState(
        items=items,
        values=data.matrix[row].data,
        stamps=data.timestamps[row].data,
        profile=data.user_profiles.get(row),
    )
    scores = model.fold_in(state)
    assert scores.shape == (N,)
    if name in PERSONALISED:
        scores[items] = -np.inf
        assert int(np.argmax(scores)) == 4, f"{name} fold-in missed the held-out item"


# -- traits: declared by every algorithm, and true of what it does -----------------------------


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_traits_are_declared_with_their_types(name):
    cls = ALGORITHMS[name]
    assert cls.name == name
    assert cls.family in FAMILIES, f"{name} declares no family"
    flags = [
        t for t in Recommender.TRAITS if t not in ("family", "serving_config", "similar_weight")
    ]
    assert len(flags) == 7
    for trait in flags:
        assert isinstance(getattr(cls, trait), bool), f"{name}.{trait} is not a bool"
    assert cls.similar_weight is None or cls.similar_weight > 0
    assert isinstance(cls(cls.Config(**cls.serving_config)).config, cls.Config)


def test_traits_hold_for_what_each_fitted_model_does(fitted):
    name, model = fitted
    cls = type(model)
    if cls.similar_weight is not None:
        assert isinstance(model, ScoresSimilarItems), f"{name} is a similar source without scores"
        assert model.similar_scores(0).shape == (N,)
    if cls.language_prior:
        assert isinstance(model, LanguageAffinity)
    assert not (cls.anchors_reasons and cls.language_reasons), f"{name} gives two reasons"
    if cls.collaborative_signal:
        assert cls.family == "collaborative"
        assert cls.needs_history
    if not cls.needs_history:  # it must say something about a user with nothing yet
        assert isinstance(model, FoldsIn)
        empty = UserState(np.empty(0, np.int64), np.empty(0), np.empty(0))
        scores = model.fold_in(empty)
        assert scores.shape == (N,)
        assert np.isfinite(scores).all()


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_needs_item_features_is_true_exactly_when_fitting_without_them_fails(name):
    data = checkerboard(with_features=False)
    if ALGORITHMS[name].needs_item_features:
        with pytest.raises(ValueError, match=r"needs item (features|languages)"):
            build(name).fit(data, seed=0)
    else:
        assert build(name).fit(data, seed=0).is_fitted()


def test_every_step_of_the_serving_chain_folds_a_user_in():
    assert len(SERVING_CHAIN) == 6
    for step in SERVING_CHAIN:
        cls = ALGORITHMS[step.algorithm]
        assert step.needs_history == cls.needs_history
        model = build(step.algorithm).fit(checkerboard(), seed=0)
        assert isinstance(model, FoldsIn | WeightedMembers), f"{step.algorithm} cannot serve"
