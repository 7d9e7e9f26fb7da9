"""Implicit ALS beyond the shared contract: the fold-in is the closed-form user step, factors
trained elsewhere (Spark) make the same artifact, and serving never needs `implicit`."""

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from recommender.algorithms.als import AlsConfig, ImplicitAlsRecommender
from recommender.algorithms.base import InteractionData, UserState
from recommender.storage import load_model, save_model
from recommender.tests.data import checkerboard

ROOT = Path(__file__).resolve().parents[2]


def clustered(n_users: int = 80, n_items: int = 50, seed: int = 0) -> InteractionData:
    """Two taste groups over two halves of the titles, 40% of each group's half observed."""
    rng = np.random.default_rng(seed)
    group = np.arange(n_users) % 2
    half = (np.arange(n_items) >= n_items // 2).astype(int)
    likes = (group[:, None] == half[None, :]) & (rng.random((n_users, n_items)) < 0.4)
    likes[np.arange(n_users), np.where(group == 0, 0, n_items - 1)] = True  # nobody is empty
    matrix = sparse.csr_matrix(likes.astype(np.float32) * 4.0)
    return InteractionData(
        user_ids=np.arange(1, n_users + 1),
        item_ids=np.arange(1001, 1001 + n_items),
        matrix=matrix,
    )


def fitted(config: AlsConfig | None = None) -> ImplicitAlsRecommender:
    model = ImplicitAlsRecommender(config or AlsConfig(factors=8, iterations=10))
    model.fit(clustered(), seed=3)
    return model


def dense_user_step(model: ImplicitAlsRecommender, items: np.ndarray, conf: float, lam: float):
    """Hu et al.'s user step written out over every item: (Y'C Y + lam I)^-1 Y'C p."""
    y = model.item_factors_.astype(np.float64)
    c = np.ones(len(y))
    p = np.zeros(len(y))
    c[items], p[items] = conf, 1.0
    a = y.T @ (c[:, None] * y) + lam * np.eye(y.shape[1])
    return np.linalg.solve(a, y.T @ (c * p))


def test_fold_in_is_the_closed_form_user_step_over_every_item():
    model = fitted(AlsConfig(factors=8, iterations=10, alpha=5.0, regularization=0.3))
    items = np.array([0, 3, 7, 11])
    expected = dense_user_step(model, items, conf=5.0, lam=0.3)
    np.testing.assert_allclose(model.user_vector(items), expected, rtol=1e-4, atol=1e-6)


def test_spark_convention_adds_one_to_the_confidence_and_scales_lambda_by_the_count():
    base = fitted()
    spark = ImplicitAlsRecommender.from_factors(
        user_ids=np.arange(1, 81),
        item_ids=base.item_ids_,
        user_factors=base.user_factors_,
        item_factors=base.item_factors_,
        seen=base.seen_,
        config=AlsConfig(
            factors=8, alpha=4.0, regularization=0.1, confidence_offset=1.0,
            scale_regularization=True,
        ),
    )  # fmt: skip
    items = np.array([2, 5, 9])
    expected = dense_user_step(spark, items, conf=5.0, lam=0.1 * 3)
    np.testing.assert_allclose(spark.user_vector(items), expected, rtol=1e-4, atol=1e-6)


def test_folding_in_a_training_user_lands_near_the_trained_vector():
    model = fitted()
    assert model.seen_ is not None
    for row in (0, 1, 10):
        folded = model.user_vector(model.seen_[row].indices)
        trained = model.user_factors_[row]
        cosine = folded @ trained / (np.linalg.norm(folded) * np.linalg.norm(trained))
        assert cosine > 0.95, f"row {row}: cosine {cosine:.3f}"


def test_a_user_unseen_at_training_is_recommended_their_groups_titles():
    model = fitted()
    state = UserState(items=np.array([1, 2, 3]), values=np.ones(3), stamps=np.zeros(3))
    scores = model.fold_in(state)
    scores[state.items] = -np.inf
    top = np.argsort(-scores)[:10]
    assert len(top) == 10
    assert (top < 25).all(), f"crossed to the other group: {top}"


def test_an_empty_history_is_a_zero_vector():
    model = fitted()
    vector = model.user_vector(np.empty(0, np.int64))
    assert vector.dtype == np.float32
    assert vector.shape == (8,)
    assert not vector.any()


def test_batched_user_vectors_equal_one_at_a_time():
    model = fitted()
    assert model.seen_ is not None
    history = model.seen_[:5]
    batch = model.user_vectors(history)
    assert batch.shape == (5, 8)
    assert batch.dtype == np.float32
    for r in range(5):
        np.testing.assert_allclose(batch[r], model.user_vector(history[r].indices), rtol=1e-6)


def test_vectors_for_an_index_are_float32_and_score_like_fold_in():
    model = fitted()
    items = model.item_vectors()
    assert items.dtype == np.float32
    assert items.shape == (50, 8)
    vector = model.user_vector(np.array([0, 4]))
    state = UserState(items=np.array([0, 4]), values=np.ones(2), stamps=np.zeros(2))
    np.testing.assert_allclose(items @ vector, model.fold_in(state), rtol=1e-5, atol=1e-6)


def test_similar_items_are_the_cosine_of_item_factors():
    model = fitted()
    scores = model.similar_scores(0)
    assert scores.shape == (50,)
    assert scores[0] == pytest.approx(1.0, abs=1e-5)
    others = np.argsort(-scores)[1:6]
    assert len(others) == 5
    assert (others < 25).all(), f"similar titles crossed groups: {others}"


def _artifact(model: ImplicitAlsRecommender) -> io.BytesIO:
    buffer = io.BytesIO()
    save_model(model, buffer)
    buffer.seek(0)
    return buffer


def test_factors_from_elsewhere_make_the_artifact_a_local_fit_makes():
    local = fitted()
    assert local.seen_ is not None
    built = ImplicitAlsRecommender.from_factors(
        user_ids=np.arange(1, 81),
        item_ids=local.item_ids_,
        user_factors=local.user_factors_.astype(np.float64),  # Spark hands doubles
        item_factors=local.item_factors_.astype(np.float64),
        seen=local.seen_ * 3.0,  # values are ignored: the interactions count
        config=local.config,
    )
    a, _ = load_model(_artifact(local))
    b, meta = load_model(_artifact(built))
    assert meta["algorithm"] == "als"
    with np.load(_artifact(built), allow_pickle=False) as archive:
        assert {k for k in archive.files if not k.startswith("__")} == {
            "user_factors",
            "item_factors",
            "gram",  # Y'Y, so that loading does not recompute it from the item factors
        }
        assert archive["item_factors"].dtype == np.float32
        np.testing.assert_array_equal(archive["gram"], built.gram_)
    assert a.recommend(user_id=7, n=5) == b.recommend(user_id=7, n=5)
    assert len(b.recommend(user_id=7, n=5)) == 5
    np.testing.assert_array_equal(a.user_vector([1, 2]), b.user_vector([1, 2]))


@pytest.mark.parametrize(
    ("users", "items", "seen", "match"),
    [
        ((80, 8), (50, 6), (80, 50), "shapes do not match"),
        ((79, 8), (50, 8), (80, 50), "one factor row"),
        ((80, 8), (50, 8), (80, 49), "seen has shape"),
    ],
)
def test_from_factors_refuses_arrays_that_do_not_fit(users, items, seen, match):
    with pytest.raises(ValueError, match=match):
        ImplicitAlsRecommender.from_factors(
            user_ids=np.arange(80),
            item_ids=np.arange(50),
            user_factors=np.zeros(users, np.float32),
            item_factors=np.zeros(items, np.float32),
            seen=sparse.csr_matrix(seen, dtype=np.float32),
        )


def test_from_factors_refuses_a_config_with_another_number_of_factors():
    with pytest.raises(ValueError, match="config says 16 factors"):
        ImplicitAlsRecommender.from_factors(
            user_ids=np.arange(3),
            item_ids=np.arange(4),
            user_factors=np.zeros((3, 8), np.float32),
            item_factors=np.zeros((4, 8), np.float32),
            seen=sparse.csr_matrix((3, 4), dtype=np.float32),
            config=AlsConfig(factors=16),
        )


def test_serving_a_saved_model_never_imports_implicit(tmp_path):
    path = tmp_path / "als.npz"
    save_model(ImplicitAlsRecommender(AlsConfig(factors=4, iterations=3)).fit(checkerboard()), path)
    script = (
        "import sys; import numpy as np\n"
        "sys.modules['implicit'] = None  # any import of it now fails\n"
        "from recommender.storage import load_model\n"
        "from recommender.algorithms.base import UserState\n"
        f"model, _ = load_model({str(path)!r})\n"
        "model.fold_in(UserState(np.array([0, 2]), np.ones(2), np.zeros(2)))\n"
        "model.recommend(user_id=3, n=5); model.similar_scores(0)\n"
        "print(sorted(m for m in sys.modules if m.startswith('implicit') and sys.modules[m]))\n"
    )
    done = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_a_spark_only_setting_is_refused_by_a_local_fit():
    with pytest.raises(ValueError, match="Spark"):
        ImplicitAlsRecommender(AlsConfig(factors=4, scale_regularization=True)).fit(clustered())


def test_a_local_fit_with_spark_confidence_folds_in_as_it_trained():
    config = AlsConfig(factors=8, iterations=10, alpha=4.0, confidence_offset=1.0)
    model = ImplicitAlsRecommender(config).fit(clustered(), seed=3)
    items = np.array([0, 3, 7])
    expected = dense_user_step(model, items, conf=5.0, lam=config.regularization)
    np.testing.assert_allclose(model.user_vector(items), expected, rtol=1e-4, atol=1e-6)
    assert model.seen_ is not None
    folded = model.user_vector(model.seen_[0].indices)
    trained = model.user_factors_[0]
    assert folded @ trained / (np.linalg.norm(folded) * np.linalg.norm(trained)) > 0.95
