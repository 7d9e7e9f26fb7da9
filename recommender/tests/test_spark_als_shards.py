"""SYNTHETIC .npz shards as training data: the loader's "strongest signal wins" rule, no database."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from recommender.synthetic import FAVORITE, RATING, SyntheticConfig, generate
from recommender.synthetic_store import write_files
from recommender.training.shards import shard_interactions

CONFIG = SyntheticConfig(n_users=3_000, n_items=400, mean_per_user=20.0, seed=3, chunk_users=1_000)


def test_shards_become_one_matrix_where_a_rating_outranks_a_favourite(tmp_path: Path) -> None:
    write_files(CONFIG, tmp_path)
    data = shard_interactions(tmp_path)
    chunks = list(generate(CONFIG))
    user = np.concatenate([c.user for c in chunks]).astype(np.int64)
    item = np.concatenate([c.item for c in chunks]).astype(np.int64)
    kind = np.concatenate([c.kind for c in chunks])
    value = np.concatenate([c.value for c in chunks])
    assert data.matrix.shape == (CONFIG.n_users, CONFIG.n_items)
    assert data.matrix.nnz == np.unique(user * CONFIG.n_items + item).size
    favourite = np.flatnonzero(kind == FAVORITE)
    assert favourite.size > 0
    # every favourite is also a 9-10 rating of the same title: the rating's value is kept
    ratings = {(u, i): v for u, i, v, k in zip(user, item, value, kind, strict=True) if k == RATING}
    kept = np.asarray(data.matrix[user[favourite], item[favourite]]).ravel()
    expected = [ratings[(user[f], item[f])] for f in favourite]
    np.testing.assert_array_equal(kept, expected)
    assert data.timestamps is not None
    assert data.timestamps.nnz == data.matrix.nnz


def test_shards_without_the_synthetic_label_are_refused(tmp_path: Path) -> None:
    write_files(CONFIG, tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    (tmp_path / "manifest.json").write_text(json.dumps({**manifest, "label": "real"}))
    with pytest.raises(ValueError, match="not labelled SYNTHETIC"):
        shard_interactions(tmp_path)
