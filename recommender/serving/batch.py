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
from typing import Any

import numpy as np
from django.core.cache import cache

from apps.analytics.activity import user_activity_version
from recommender.serving.keys import versions_tag
from recommender.serving.reasons import Reason
from recommender.serving.types import RecoItem, RecoResult

MAGIC = b"PR3"
_HEAD = struct.Struct("<3sIH")  # magic, header bytes, items


def record_key(user_id: int, activity_version: int, versions_tag: str) -> str:
    return f"reco:batch:r3:{user_id}:{activity_version}:{versions_tag}"


def encode(result: RecoResult) -> bytes:
    reasons: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    codes = np.empty(len(result.items), dtype=np.uint8)
    for i, item in enumerate(result.items):
        as_dict = item.reason.as_dict()
        token = json.dumps(as_dict, sort_keys=True, ensure_ascii=False)
        if token not in index:
            if len(reasons) == 255:
                raise ValueError("more than 255 distinct reasons in one list")
            index[token] = len(reasons)
            reasons.append(as_dict)
        codes[i] = index[token]
    header = json.dumps(
        {
            "a": result.algorithm,
            "f": result.fallbacks,
            "v": result.model_versions,
            "r": reasons,
        },
        sort_keys=True,
        ensure_ascii=False,
    ).encode()
    ids = np.array([item.content_id for item in result.items], dtype="<i4")
    scores = np.array([item.score for item in result.items], dtype="<f2")
    return (
        _HEAD.pack(MAGIC, len(header), len(result.items))
        + header
        + ids.tobytes()
        + scores.tobytes()
        + codes.tobytes()
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
    data = cache.get(record_key(user_id, user_activity_version(user_id), versions_tag()))
    return decode(data) if isinstance(data, bytes) else None
