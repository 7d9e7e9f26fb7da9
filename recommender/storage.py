"""Model artifacts in two forms (docs/scale.md, "Artifacts every host can reach").

- Transfer form: one .npz (arrays only, allow_pickle=False) holding the learned parameters,
  the id vocabularies, what each user had seen, and JSON metadata; float arrays stored as they
  are, the rest deflated (write_npz). This is what shared storage keeps.
- Local form: the same arrays as plain uncompressed .npy files in one directory per artifact,
  plus a manifest (sizes and SHA-256 of every file). Loaded with np.load(mmap_mode="r"), so
  every process on a host maps the same page-cache pages instead of holding its own copy.

Models loaded either way get a UserIndex (arrays) instead of a per-user dict, and read-only
arrays when memory-mapped: algorithms must copy before writing to loaded state.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from scipy import sparse

from recommender.algorithms import algorithm_get
from recommender.algorithms.base import Recommender
from recommender.user_index import UserIndex, sorted_users

_RESERVED = "__"
MANIFEST = "manifest.json"
LOCAL_FORMAT = 1
# arrays only the local form has, derived once per host when the artifact is unpacked
_USER_SORTED, _USER_ROWS, _SEEN_DATA = "__user_sorted__", "__user_rows__", "__seen_data__"
_MEMBER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*\.npy")


def _id_array(values: np.ndarray) -> np.ndarray:
    """Ids as int64 when they are all integers, else as unicode strings (never objects)."""
    values = np.asarray(values)
    if values.dtype.kind in "iu" or all(isinstance(v, int | np.integer) for v in values.tolist()):
        return values.astype(np.int64)
    return values.astype(str)


def _user_ids(index: Mapping[Any, int]) -> np.ndarray:
    """The user ids in row order, from a UserIndex (as is) or a dict built by fit()."""
    if isinstance(index, UserIndex):
        return index.ids
    ids = _id_array(np.array(list(index), dtype=object))
    rows = np.fromiter(index.values(), dtype=np.int64, count=len(index))
    ordered = np.empty_like(ids)
    ordered[rows] = ids
    return ordered


def save_model(model: Recommender, target: str | Path | BinaryIO, **meta: Any) -> dict[str, Any]:
    """Write the artifact's transfer form (.npz); returns the metadata stored with it."""
    assert model.seen_ is not None, "fit the model before saving it"
    seen = model.seen_.tocsr()
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
        "__user_ids__": _user_ids(model.user_index_),
        "__item_ids__": _id_array(model.item_ids_),
        "__seen_indptr__": seen.indptr,
        "__seen_indices__": seen.indices,
        "__seen_shape__": np.array(seen.shape),
        **params,
    }
    write_npz(target, arrays)
    return metadata


def write_npz(target: str | Path | BinaryIO, arrays: Mapping[str, Any]) -> None:
    """An .npz that np.load reads, each member compressed only where it pays: float arrays
    (factors, weights) and byte blobs (a serialised ANN index: float vectors) are stored, since
    deflate saves ~7% of float32 at ~45 CPU-s a GiB; integer and text arrays (ids, the seen
    matrix: ~22% smaller) deflate at level 1, level 6's ratio at about half its CPU
    (docs/scale.md, "Artifacts every host can reach")."""
    with zipfile.ZipFile(
        target, mode="w", compression=zipfile.ZIP_DEFLATED, compresslevel=1, allowZip64=True
    ) as archive:
        for name, value in arrays.items():
            array = np.asanyarray(value)
            member: str | zipfile.ZipInfo = f"{name}.npy"
            if array.dtype.kind in "fc" or array.dtype == np.uint8:
                member = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                member.compress_type = zipfile.ZIP_STORED
            with archive.open(member, mode="w", force_zip64=True) as handle:
                np.lib.format.write_array(handle, array, allow_pickle=False)


def load_model(
    source: str | Path | BinaryIO, *, verify: bool = False
) -> tuple[Recommender, dict[str, Any]]:
    """Rebuild a fitted model from a local directory (memory-mapped) or a transfer .npz (read
    into memory); raises ValueError on a foreign format version or a damaged local copy."""
    if isinstance(source, str | Path) and Path(source).is_dir():
        return _assemble(_mapped_arrays(Path(source), verify=verify))
    with np.load(source, allow_pickle=False) as archive:
        return _assemble({key: archive[key] for key in archive.files})


def _assemble(arrays: dict[str, np.ndarray]) -> tuple[Recommender, dict[str, Any]]:
    metadata = json.loads(str(arrays.pop("__meta__")))
    cls = algorithm_get(metadata["algorithm"])
    if metadata["format_version"] != cls.format_version:
        raise ValueError(
            f"{cls.name} artifact has format {metadata['format_version']}, code expects {cls.format_version}"
        )
    model = cls(_config(cls, metadata["config"]))
    model.user_index_ = UserIndex(
        arrays.pop("__user_ids__"), arrays.pop(_USER_SORTED, None), arrays.pop(_USER_ROWS, None)
    )
    model.item_ids_ = arrays.pop("__item_ids__")
    indptr, indices = arrays.pop("__seen_indptr__"), arrays.pop("__seen_indices__")
    shape = tuple(int(v) for v in arrays.pop("__seen_shape__"))
    data = arrays.pop(_SEEN_DATA, None)
    if data is None:
        data = np.ones(len(indices), np.float32)
    model.seen_ = sparse.csr_matrix((data, indices, indptr), shape=shape)
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


# -- the local form ------------------------------------------------------------------------------


def unpack_to_dir(source: str | Path | BinaryIO, target: Path) -> None:
    """Write the transfer .npz as a local directory of .npy files, atomically: everything goes
    into a temporary sibling directory that is renamed to `target` at the end. When another
    process got there first, its copy is kept and ours is discarded."""
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.parent / f".tmp-{target.name}-{uuid.uuid4().hex}"
    work.mkdir()
    try:
        _extract(source, work)
        _derive(work)
        _write_manifest(work)
        try:
            os.rename(work, target)
        except OSError:
            if not (target / MANIFEST).exists():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _extract(source: str | Path | BinaryIO, work: Path) -> None:
    """Stream each .npy member out of the zip: memory stays at one buffer, whatever the size."""
    with zipfile.ZipFile(source) as archive:
        for member in archive.namelist():
            if not _MEMBER.fullmatch(member):
                raise ValueError(f"unexpected member in artifact: {member!r}")
            with archive.open(member) as src, open(work / member, "wb") as dst:
                shutil.copyfileobj(src, dst, length=1 << 20)


def _derive(work: Path) -> None:
    """The arrays serving wants mapped too: the user ids sorted (binary search) with their rows,
    and the seen matrix's values (all ones), so no process builds them privately."""
    ids = np.load(work / "__user_ids__.npy", mmap_mode="r")
    rows, ordered = sorted_users(ids)
    np.save(work / f"{_USER_ROWS}.npy", rows)
    np.save(work / f"{_USER_SORTED}.npy", ordered)
    nnz = np.load(work / "__seen_indices__.npy", mmap_mode="r").shape[0]
    ones = np.lib.format.open_memmap(
        work / f"{_SEEN_DATA}.npy", mode="w+", dtype=np.float32, shape=(nnz,)
    )
    ones[:] = 1.0
    ones.flush()
    del ones


def _write_manifest(work: Path) -> None:
    arrays = {
        path.name.removesuffix(".npy"): {
            "file": path.name,
            "bytes": path.stat().st_size,
            "sha256": file_sha256(path),
        }
        for path in sorted(work.glob("*.npy"))
    }
    (work / MANIFEST).write_text(json.dumps({"format": LOCAL_FORMAT, "arrays": arrays}, indent=1))


def _mapped_arrays(path: Path, *, verify: bool) -> dict[str, np.ndarray]:
    """Every array of a local copy, memory-mapped read-only; sizes always checked, checksums
    when `verify` (reading every byte: for an operator's check, not for each load)."""
    manifest = json.loads((path / MANIFEST).read_text())
    if manifest.get("format") != LOCAL_FORMAT:
        raise ValueError(f"{path}: local artifact format {manifest.get('format')}")
    arrays = {}
    for name, entry in manifest["arrays"].items():
        file = path / entry["file"]
        if file.stat().st_size != entry["bytes"] or (
            verify and file_sha256(file) != entry["sha256"]
        ):
            raise ValueError(f"{file} does not match its manifest")
        arrays[name] = np.asarray(np.load(file, mmap_mode="r", allow_pickle=False))
    return arrays


def file_sha256(source: Path | BinaryIO) -> str:
    """SHA-256 of a file (a path, or a binary handle read from where it stands), 1 MiB at a time."""
    digest = hashlib.sha256()
    handle = open(source, "rb") if isinstance(source, Path) else source  # noqa: SIM115
    try:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    finally:
        if isinstance(source, Path):
            handle.close()
    return digest.hexdigest()


def parameters_roundtrip(model: Recommender) -> Recommender:
    """Save, unpack to a local directory and load it memory-mapped, as a serving host does
    (tests: every algorithm must serve from read-only mapped arrays)."""
    buffer = io.BytesIO()
    save_model(model, buffer)
    buffer.seek(0)
    with tempfile.TemporaryDirectory(prefix="artifact-roundtrip-") as tmp:
        target = Path(tmp) / "model"
        unpack_to_dir(buffer, target)
        # the mapping outlives the files: on Linux an unlinked file stays readable while mapped
        return load_model(target, verify=True)[0]
