"""One chunk of users ranked and written: activity versions first (a write after them makes the
record's key stale, never the record wrong), then one query for the signals, the ALS batch
ranking when the ALS model is active and the catalogue is one serving retrieves from with ALS
(above `TWO_STAGE_MIN_TITLES`; else the per-user online path), one set_many."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache

from apps.accounts.models import User
from apps.analytics.activity import user_activity_versions
from apps.catalog.models import Content
from recommender.algorithms.als import ImplicitAlsRecommender
from recommender.precompute.ranking import history_matrix, rank_als
from recommender.precompute.signals import chunk_signals
from recommender.retrieval.serving_pool import als_index
from recommender.serving.batch import Header, encode, encode_arrays, record_key
from recommender.serving.engine import recommend
from recommender.serving.keys import versions_tag
from recommender.serving.registry import registry
from recommender.serving.types import RecoRequest

TOP_N = 50  # the default request serving answers from a record (service.is_default: k <= 50)
RECORD_TTL = 6 * 3600
ALS = "als"


def _online(user_ids: list[int]) -> dict[int, bytes]:
    users = User.objects.filter(pk__in=user_ids)
    return {user.pk: encode(recommend(user, RecoRequest(k=TOP_N))) for user in users}


def _als(model: ImplicitAlsRecommender, user_ids: list[int]) -> dict[int, bytes]:
    """Users with a signal on a title the model knows; the others take the online path.
    Records straight from the arrays: no RecoItem per item, and the per-row work (ids, rounded
    scores, reason codes) done for the whole chunk at once; the loop only encodes."""
    item_ids = np.asarray(model.item_ids_, dtype=np.int64)
    history = history_matrix(chunk_signals(user_ids), user_ids, item_ids)
    warm = np.flatnonzero(np.diff(history.indptr) > 0)
    if len(warm) == 0:
        return {}
    cols, scores, anchors = rank_als(model, als_index(model), history[warm], TOP_N)
    picked = cols >= 0
    anchor_cols, codes, starts = row_codes(anchors, picked)
    used = np.unique(anchor_cols)
    titles = dict(
        Content.objects.filter(pk__in=item_ids[used].tolist()).order_by().values_list("pk", "title")
    )
    reason_of = {  # one dict per anchor title, shared by every record that cites it
        a: {"code": "because_you_liked", "params": {"title": titles.get(int(item_ids[a]), "")}}
        for a in used.tolist()
    }
    versions = dict(registry.active_versions())
    ids = item_ids[np.where(picked, cols, 0)]
    scores4 = np.round(scores.astype(np.float64), 4)
    per_row = anchor_cols.tolist()
    out: dict[int, bytes] = {}
    for r, row in enumerate(warm.tolist()):
        keep = picked[r]
        reasons = [reason_of[a] for a in per_row[starts[r] : starts[r + 1]]]
        header = Header(ALS, [], versions, reasons)
        out[user_ids[row]] = encode_arrays(header, ids[r][keep], scores4[r][keep], codes[r][keep])
    return out


def row_codes(anchors: np.ndarray, picked: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row, np.unique(anchors[r][picked[r]], return_inverse=True), for all rows at once:
    (each row's distinct anchors ascending, row r's at [starts[r]:starts[r + 1]]; codes, rows x
    k, each entry's index among its row's distinct anchors, 0 where not picked; starts, rows + 1).
    Anchors that are picked must be >= 0."""
    rows, k = anchors.shape
    width = int(anchors.max(initial=0)) + 1
    keys = np.arange(rows, dtype=np.int64)[:, None] * width + np.where(picked, anchors, 0)
    distinct, inverse = np.unique(keys[picked], return_inverse=True)
    starts = np.searchsorted(distinct, np.arange(rows + 1, dtype=np.int64) * width)
    codes = np.zeros((rows, k), dtype=np.int64)
    codes[picked] = inverse.ravel() - np.repeat(starts[:-1], picked.sum(axis=1))
    return distinct % width, codes, starts


def als_batch_applies(model: ImplicitAlsRecommender) -> bool:
    """The batch ranks with ALS alone only where serving retrieves with it too (two-stage, above
    `TWO_STAGE_MIN_TITLES`). Below that the online path (the hybrid with its priors and masks)
    is affordable per user and better: NDCG@10 on MovieLens 100K / anime, ALS 0.449 / 0.390
    against the hybrid's 0.463 / 0.485 (docs/benchmarks.md)."""
    return len(model.item_ids_) > settings.TWO_STAGE_MIN_TITLES


def compute_chunk(user_ids: list[int], *, ttl: int = RECORD_TTL) -> dict[str, Any]:
    started, cpu = time.perf_counter(), time.process_time()
    ids = sorted(set(user_ids))
    versions = user_activity_versions(ids)
    tag = versions_tag()
    artifact_id = registry.active_versions().get(ALS)
    model = registry.get(ALS)
    records: dict[int, bytes] = {}
    if (
        artifact_id is not None
        and isinstance(model, ImplicitAlsRecommender)
        and als_batch_applies(model)
    ):
        records = _als(model, ids)
    cold = [uid for uid in ids if uid not in records]
    records |= _online(cold)
    cache.set_many(
        {record_key(uid, versions[uid], tag): data for uid, data in records.items()}, timeout=ttl
    )
    return {
        "users": len(records),
        "online": len(cold),
        "seconds": round(time.perf_counter() - started, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
    }
