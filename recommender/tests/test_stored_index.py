"""The ALS artifact carries its ANN index: built at training, read in place when served."""

from __future__ import annotations

import io

import faiss
import numpy as np
import pytest
from scipy import sparse

from recommender.algorithms.als import AlsConfig, ImplicitAlsRecommender
from recommender.algorithms.base import InteractionData
from recommender.artifacts import artifact_create, artifact_load
from recommender.models import ModelArtifact
from recommender.retrieval import serving_pool
from recommender.retrieval.index import AnnIndex
from recommender.retrieval.serving_pool import als_index
from recommender.retrieval.stored_index import index_attach, stored_index
from recommender.storage import load_model, parameters_roundtrip, save_model

N_USERS, N_ITEMS, DIMS = 60, 3000, 16


def factor_model(seed: int = 0) -> tuple[ImplicitAlsRecommender, InteractionData]:
    """SYNTHETIC: random factors (as Spark would hand them over) for 3,000 titles, so the
    index has ~55 lists and a query probes only some of them."""
    rng = np.random.default_rng(seed)
    seen = sparse.random(N_USERS, N_ITEMS, density=0.01, random_state=seed, format="csr")
    seen.data[:] = 1.0
    data = InteractionData(
        user_ids=np.arange(1, N_USERS + 1),
        item_ids=np.arange(10_001, 10_001 + N_ITEMS),
        matrix=seen.astype(np.float32),
    )
    model = ImplicitAlsRecommender.from_factors(
        user_ids=data.user_ids,
        item_ids=data.item_ids,
        user_factors=rng.standard_normal((N_USERS, DIMS), dtype=np.float32),
        item_factors=rng.standard_normal((N_ITEMS, DIMS), dtype=np.float32),
        seen=seen,
        config=AlsConfig(factors=DIMS),
    )
    return model, data


def queries(n: int = 20) -> np.ndarray:
    return np.random.default_rng(7).standard_normal((n, DIMS), dtype=np.float32)


def no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> AnnIndex:
        raise AssertionError("the index was built, not loaded")

    monkeypatch.setattr(serving_pool.AnnIndex, "build", refuse)


@pytest.mark.django_db
def test_a_saved_als_artifact_serves_its_stored_index_mapped_without_building(monkeypatch):
    model, data = factor_model()
    artifact = artifact_create(model=model, data=data)
    fresh = AnnIndex.build(model.item_vectors())  # the same vectors, the same seed

    no_build(monkeypatch)
    served = artifact_load(ModelArtifact.objects.get(pk=artifact.pk))
    assert isinstance(served, ImplicitAlsRecommender)
    index = als_index(served)

    assert artifact.metrics["index_seconds"] >= 0
    assert isinstance(served.index_arrays_["index"].base, np.memmap)
    lists = faiss.downcast_InvertedLists(faiss.extract_index_ivf(index._index).invlists)
    filled = [n for n in range(lists.nlist) if lists.list_size(n)]
    assert filled
    assert not any(lists.codes.at(n).is_owned for n in filled)  # read in place
    assert index.config == fresh.config
    for exclude in (None, [np.arange(q, 3000, 7) for q in range(20)]):
        got, expected = (
            index.search(queries(), 25, exclude=exclude),
            fresh.search(queries(), 25, exclude=exclude),
        )
        np.testing.assert_array_equal(got[0], expected[0])
        np.testing.assert_array_equal(got[1], expected[1])
    assert als_index(served) is index  # once per model object


def test_an_artifact_without_an_index_gets_one_built_with_the_same_answers():
    model, _ = factor_model()
    buffer = io.BytesIO()
    save_model(model, buffer)  # as artifacts saved before the index was stored
    buffer.seek(0)
    old, _ = load_model(buffer)
    assert isinstance(old, ImplicitAlsRecommender)

    assert not old.index_arrays_
    assert stored_index(old) is None
    built = als_index(old)
    expected = AnnIndex.build(model.item_vectors())
    np.testing.assert_array_equal(built.search(queries(), 10)[0], expected.search(queries(), 10)[0])


def test_the_stored_index_round_trips_through_the_local_mapped_form(monkeypatch):
    model, _ = factor_model()
    index_attach(model)
    restored = parameters_roundtrip(model)
    assert isinstance(restored, ImplicitAlsRecommender)

    no_build(monkeypatch)
    np.testing.assert_array_equal(
        als_index(restored).search(queries(), 10)[0], model.ann_index_.search(queries(), 10)[0]
    )


def test_new_factors_drop_the_index_built_for_the_old_ones():
    model, _ = factor_model()
    index_attach(model)
    other, _ = factor_model(seed=1)

    assert model.index_arrays_
    assert hasattr(model, "ann_index_")

    model.load_parameters(
        {"user_factors": other.user_factors_, "item_factors": other.item_factors_}
    )

    assert model.index_arrays_ == {}
    assert not hasattr(model, "ann_index_")


def test_a_stored_index_that_does_not_fit_the_vectors_is_rebuilt_not_served():
    model, _ = factor_model()
    index_attach(model)
    arrays = dict(model.index_arrays_)
    smaller, _ = factor_model(seed=2)
    smaller.load_parameters(
        {"user_factors": smaller.user_factors_, "item_factors": smaller.item_factors_[:-1]}
        | {f"ann_{k}": v for k, v in arrays.items()}
    )
    assert stored_index(smaller) is None
    assert als_index(smaller).n_items == N_ITEMS - 1

    broken, _ = factor_model()
    broken.index_arrays_ = {"index": np.zeros(64, np.uint8), "meta": arrays["meta"]}
    assert stored_index(broken) is None


def test_loading_takes_the_saved_gram_and_folds_in_as_before():
    model, _ = factor_model()
    restored = parameters_roundtrip(model)
    assert isinstance(restored, ImplicitAlsRecommender)

    assert isinstance(restored.gram_, np.ndarray)
    np.testing.assert_array_equal(restored.gram_, model.gram_)
    np.testing.assert_array_equal(restored.user_vector([1, 5, 9]), model.user_vector([1, 5, 9]))
    old = ImplicitAlsRecommender(model.config)
    old.load_parameters({"user_factors": model.user_factors_, "item_factors": model.item_factors_})
    np.testing.assert_allclose(old.gram_, model.gram_)  # an artifact without one: computed
