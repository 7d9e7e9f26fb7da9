"""SYNTHETIC `.npz` shards (manage.py generate_synthetic --out) as training data, without a
database: the same typed arrays and the same "strongest signal wins" rule as the lean loader
(recommender/data_copy.py), so a benchmark trains on what PostgreSQL would have given it.

User and item ids are the generator's 0-based indexes; the result is for training and
benchmarks, never for serving (no such users or titles exist in any database).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from recommender.algorithms.base import InteractionData
from recommender.data_copy import _Columns, _to_matrices
from recommender.synthetic import FAVORITE, RATING, SYNTHETIC_LABEL, WATCHLIST

# In increasing strength, as in the loader: a rating over a favourite over a watchlist entry.
_KIND_ORDER = (WATCHLIST, FAVORITE, RATING)


def read_manifest(directory: Path) -> dict:
    """The shards' manifest; refuses a directory that does not say it is SYNTHETIC."""
    path = directory / "manifest.json"
    if not path.is_file():
        raise ValueError(f"{directory} has no manifest.json (generate_synthetic --out writes one)")
    manifest = json.loads(path.read_text())
    if manifest.get("label") != SYNTHETIC_LABEL:
        raise ValueError(f"{path} is not labelled {SYNTHETIC_LABEL}")
    return manifest


def shard_interactions(directory: Path) -> InteractionData:
    """Every shard's signals as one users x items matrix (values and timestamps)."""
    manifest = read_manifest(directory)
    config = manifest["config"]
    n_users, n_items = int(config["n_users"]), int(config["n_items"])
    sizes = []
    for name in manifest["shards"]:
        with np.load(directory / name, allow_pickle=False) as shard:
            sizes.append(int(shard["user"].size))
    columns = _Columns(sum(sizes))
    for name in manifest["shards"]:
        with np.load(directory / name, allow_pickle=False) as shard:
            user, item, value, kind = shard["user"], shard["item"], shard["value"], shard["kind"]
            stamp = shard["timestamp"].astype(np.float64)
        # A user's signals all sit in one shard, so ordering by strength within it is enough.
        for strength in _KIND_ORDER:
            pick = kind == strength
            columns.extend(user[pick], item[pick], value[pick], stamp[pick])
    user_ids = np.arange(n_users, dtype=np.int64)
    signals = _to_matrices(columns, user_ids, n_items)
    return InteractionData(
        user_ids=user_ids,
        item_ids=np.arange(n_items, dtype=np.int64),
        matrix=signals.matrix,
        timestamps=signals.timestamps,
    )
