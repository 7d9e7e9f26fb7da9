"""Precomputed lists (the batch precompute, recommender/precompute, writes them; serving reads
them): compact records of int32 title ids, float16 scores and a reason index per item behind a
small JSON header (algorithm, fallbacks, model versions, the distinct reasons).

Keys carry the user's activity version and the active model versions' tag, so a record written
before the user acted or before a model swap is never read again (it simply expires); writing
the same record twice writes the same bytes under the same key. Serving prefers a fresh record
for the default request and recomputes otherwise; hidden titles are removed at read time.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.cache import cache

from recommender.serving.keys import batch_key
from recommender.serving.reasons import Reason
from recommender.serving.types import RecoItem, RecoResult

MAGIC = b"PR3"
_HEAD = struct.Struct("<3sIH")  # magic, header bytes, items


def record_key(user_id: int, activity_version: int, versions_tag: str) -> str:
    """keys.batch_key's key from versions already read (the batch reads a chunk's activity
    versions in one round trip); a test holds the two equal, so lifecycle's delete finds it."""
    return f"reco:batch:r2:{user_id}:{activity_version}:{versions_tag}"


@dataclass(frozen=True)
class Header:
    """What a record says besides its items: who ranked it and the distinct reasons."""

    algorithm: str
    fallbacks: list[dict[str, str]]
    model_versions: dict[str, int]
    reasons: list[dict[str, Any]]  # Reason.as_dict() of each distinct reason


def encode(result: RecoResult) -> bytes:
    distinct: list[Reason] = []
    codes = np.empty(len(result.items), dtype=np.uint8)
    for i, item in enumerate(result.items):
        if item.reason not in distinct:
            distinct.append(item.reason)
        codes[i] = distinct.index(item.reason)
    reasons = [reason.as_dict() for reason in distinct]
    ids = np.array([item.content_id for item in result.items], dtype=np.int64)
    scores = np.array([item.score for item in result.items], dtype=np.float64)
    header = Header(result.algorithm, result.fallbacks, result.model_versions, reasons)
    return encode_arrays(header, ids, scores, codes)


def encode_arrays(header: Header, ids: np.ndarray, scores: np.ndarray, codes: np.ndarray) -> bytes:
    """A record from arrays (the batch path builds no RecoItem): codes index header.reasons."""
    if len(header.reasons) > 256:
        raise ValueError("more than 256 distinct reasons in one list")
    if not len(ids) == len(scores) == len(codes):
        raise ValueError("ids, scores and codes must have one entry per item")
    head = json.dumps(
        {
            "a": header.algorithm,
            "f": header.fallbacks,
            "v": header.model_versions,
            "r": header.reasons,
        },
        sort_keys=True,
        ensure_ascii=False,
    ).encode()
    return b"".join(
        (
            _HEAD.pack(MAGIC, len(head), len(ids)),
            head,
            np.asarray(ids, dtype="<i4").tobytes(),
            np.asarray(scores, dtype="<f2").tobytes(),
            np.asarray(codes, dtype=np.uint8).tobytes(),
        )
    )


def decode(data: bytes) -> RecoResult:
    magic, header_len, n = _HEAD.unpack_from(data)
    if magic != MAGIC:
        raise ValueError("not a precomputed record")
    at = _HEAD.size
    header = json.loads(data[at : at + header_len])
    at += header_len
    ids = np.frombuffer(data, dtype="<i4", count=n, offset=at)
    scores = np.frombuffer(data, dtype="<f2", count=n, offset=at + 4 * n)
    codes = np.frombuffer(data, dtype=np.uint8, count=n, offset=at + 6 * n)
    reasons = [Reason(r["code"], r["params"]) for r in header["r"]]
    items = [
        RecoItem(int(i), round(float(s), 4), reasons[int(c)])
        for i, s, c in zip(ids, scores, codes, strict=True)
    ]
    return RecoResult(items, header["a"], header["f"], header["v"])


def precomputed(user_id: int) -> RecoResult | None:
    """The record for the user's current activity version and the active model versions."""
    data = cache.get(batch_key(user_id))
    return decode(data) if isinstance(data, bytes) else None  # not bytes: an older format
