"""Model artifacts: one .npz per trained model (arrays only, loaded with allow_pickle=False)
holding the learned parameters, the id vocabularies, what each user had seen, and JSON metadata."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from scipy import sparse

from recommender.algorithms import algorithm_get
from recommender.algorithms.base import Recommender

_RESERVED = "__"


def _id_array(values: np.ndarray) -> np.ndarray:
    """Ids as int64 when they are all integers, else as unicode strings (never objects)."""
    values = np.asarray(values)
    if values.dtype.kind in "iu" or all(isinstance(v, int | np.integer) for v in values.tolist()):
        return values.astype(np.int64)
    return values.astype(str)


def save_model(model: Recommender, target: str | Path | BinaryIO, **meta: Any) -> dict[str, Any]:
    """Write the artifact; returns the metadata stored with it."""
    assert model.seen_ is not None, "fit the model before saving it"
    seen = model.seen_.tocsr()
    user_ids = np.array(list(model.user_index_), dtype=object)
    metadata = {
        "algorithm": model.name,
        "format_version": model.format_version,
        "config": model.config_dict(),
        **meta,
    }
    params = model.get_parameters()
    clash = [key for key in params if key.startswith(_RESERVED)]
    assert not clash, f"parameter names may not start with {_RESERVED}: {clash}"
    arrays: dict[str, Any] = {
        "__meta__": np.array(json.dumps(metadata, sort_keys=True, default=str)),
        "__user_ids__": _id_array(user_ids),
        "__item_ids__": _id_array(model.item_ids_),
        "__seen_indptr__": seen.indptr,
        "__seen_indices__": seen.indices,
        "__seen_shape__": np.array(seen.shape),
        **params,
    }
    np.savez_compressed(target, **arrays)
    return metadata


def load_model(source: str | Path | BinaryIO) -> tuple[Recommender, dict[str, Any]]:
    """Rebuild a fitted model from an artifact; raises ValueError on a foreign format version."""
    with np.load(source, allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    metadata = json.loads(str(arrays.pop("__meta__")))
    cls = algorithm_get(metadata["algorithm"])
    if metadata["format_version"] != cls.format_version:
        raise ValueError(
            f"{cls.name} artifact has format {metadata['format_version']}, code expects {cls.format_version}"
        )
    model = cls(_config(cls, metadata["config"]))
    user_ids = arrays.pop("__user_ids__")
    model.user_index_ = {uid.item(): row for row, uid in enumerate(user_ids)}
    model.item_ids_ = arrays.pop("__item_ids__")
    indptr, indices = arrays.pop("__seen_indptr__"), arrays.pop("__seen_indices__")
    shape = tuple(int(v) for v in arrays.pop("__seen_shape__"))
    model.seen_ = sparse.csr_matrix(
        (np.ones(len(indices), np.float32), indices, indptr), shape=shape
    )
    model.load_parameters(arrays)
    return model, metadata


def _config(cls: type[Recommender], values: dict[str, Any]) -> Any:
    """JSON turns tuples into lists; the frozen config dataclasses want tuples back."""
    fixed = {k: _tuples(v) for k, v in values.items()}
    return cls.Config(**fixed)


def _tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def parameters_roundtrip(model: Recommender) -> Recommender:
    """Save to memory and load back (tests and sanity checks)."""
    buffer = io.BytesIO()
    save_model(model, buffer)
    buffer.seek(0)
    return load_model(buffer)[0]
