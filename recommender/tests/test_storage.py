"""Artifact forms: the transfer .npz, the local memory-mapped directory, the user index."""

import io
import json
import zipfile

import numpy as np
import pytest

from recommender.algorithms import ALGORITHMS
from recommender.algorithms.base import FoldsIn, ScoresSimilarItems, UserState
from recommender.algorithms.ease import EaseConfig, EaseRecommender
from recommender.storage import (
    MANIFEST,
    load_model,
    parameters_roundtrip,
    save_model,
    unpack_to_dir,
)
from recommender.tests.data import checkerboard
from recommender.tests.test_contract import build
from recommender.user_index import UserIndex


def test_user_index_answers_like_the_dict_it_replaces():
    index = UserIndex(np.array([30, 10, 20], dtype=np.int64))
    assert [index.get(30), index.get(10), index[20]] == [0, 1, 2]
    assert index.get(np.int64(10)) == 1
    assert index.get(15) is None
    assert index.get("10") is None  # a string is not an integer id, as in a dict
    assert index.get(2**70) is None
    assert 20 in index
    assert 21 not in index
    assert list(index) == [30, 10, 20]  # row order, like the dict built by fit()
    assert len(index) == 3
    with pytest.raises(KeyError):
        index[99]


def test_user_index_over_string_ids():
    index = UserIndex(np.array(["b", "a"]))
    assert (index.get("a"), index.get("b"), index.get("c"), index.get(1)) == (1, 0, None, None)


def test_empty_user_index_finds_nothing():
    assert UserIndex(np.array([], dtype=np.int64)).get(1) is None


def _unpacked(model, tmp_path):
    buffer = io.BytesIO()
    save_model(model, buffer)
    buffer.seek(0)
    target = tmp_path / "copy"
    unpack_to_dir(buffer, target)
    return target


def test_local_copy_is_memory_mapped_read_only_and_serves_the_same(tmp_path):
    model = EaseRecommender(EaseConfig(l2=10.0)).fit(checkerboard())
    restored, meta = load_model(_unpacked(model, tmp_path))

    assert meta["algorithm"] == "ease"
    assert isinstance(restored.user_index_, UserIndex)
    assert isinstance(restored.weights_.base, np.memmap)
    assert restored.weights_.flags.writeable is False
    assert restored.seen_.data.flags.writeable is False
    assert restored.recommend(user_id=5, n=5) == model.recommend(user_id=5, n=5)
    assert sorted(p.name for p in (tmp_path).iterdir()) == ["copy"]  # no temp dir left


def test_transfer_form_still_loads_in_memory():
    model = EaseRecommender().fit(checkerboard())
    buffer = io.BytesIO()
    save_model(model, buffer)
    buffer.seek(0)
    restored, _ = load_model(buffer)
    assert isinstance(restored.user_index_, UserIndex)
    assert restored.recommend(user_id=3, n=4) == model.recommend(user_id=3, n=4)


def test_a_damaged_local_copy_is_refused(tmp_path):
    target = _unpacked(EaseRecommender().fit(checkerboard()), tmp_path)
    weights = target / "weights.npy"
    raw = bytearray(weights.read_bytes())
    raw[-1] ^= 0xFF
    weights.write_bytes(bytes(raw))

    load_model(target)  # same size: the cheap check passes
    with pytest.raises(ValueError, match="does not match its manifest"):
        load_model(target, verify=True)
    weights.write_bytes(bytes(raw[:-4]))
    with pytest.raises(ValueError, match="does not match its manifest"):
        load_model(target)


def test_unpack_refuses_member_names_that_leave_the_directory(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../evil.npy", b"x")
    buffer.seek(0)
    with pytest.raises(ValueError, match="unexpected member"):
        unpack_to_dir(buffer, tmp_path / "copy")
    assert not (tmp_path / "copy").exists()
    assert not (tmp_path.parent / "evil.npy").exists()


def test_a_second_unpack_keeps_the_first_copy(tmp_path):
    target = _unpacked(EaseRecommender().fit(checkerboard()), tmp_path)
    manifest = (target / MANIFEST).read_text()
    buffer = io.BytesIO()
    save_model(EaseRecommender(EaseConfig(l2=99.0)).fit(checkerboard()), buffer)
    buffer.seek(0)

    unpack_to_dir(buffer, target)

    assert (target / MANIFEST).read_text() == manifest
    assert json.loads(manifest)["arrays"]["weights"]["bytes"] > 0
    assert [p.name for p in tmp_path.iterdir()] == ["copy"]


@pytest.fixture(scope="module", params=sorted(ALGORITHMS))
def mapped(request):
    model = build(request.param).fit(checkerboard(), seed=42)
    return model, parameters_roundtrip(model)


def test_every_algorithm_folds_in_and_finds_similar_items_from_mapped_arrays(mapped):
    """Serving's other entry points must not write into loaded (read-only) state either."""
    model, restored = mapped
    data = checkerboard()
    row = data.matrix[2]
    state = UserState(items=row.indices, values=row.data, stamps=np.full(row.nnz, 1_600_000_000.0))
    if isinstance(model, FoldsIn):
        np.testing.assert_allclose(restored.fold_in(state), model.fold_in(state), rtol=1e-5)
    if isinstance(model, ScoresSimilarItems):
        np.testing.assert_allclose(restored.similar_scores(0), model.similar_scores(0), rtol=1e-5)
    np.testing.assert_allclose(
        restored.score_rows(np.array([0, 3])), model.score_rows(np.array([0, 3])), rtol=1e-5
    )
