"""One chunk of users ranked and written: activity versions first (a write after them makes the
record's key stale, never the record wrong), then one query for the signals, the ALS batch
ranking when the ALS model is active (else the per-user online path), one set_many."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from django.core.cache import cache

from apps.accounts.models import User
from apps.analytics.activity import _key as activity_key
from apps.catalog.models import Content
from recommender.algorithms.als import ImplicitAlsRecommender
from recommender.precompute.ranking import ann_index, history_matrix, rank_als
from recommender.precompute.signals import chunk_signals
from recommender.serving.batch import encode, record_key
from recommender.serving.engine import recommend
from recommender.serving.keys import versions_tag
from recommender.serving.reasons import Reason
from recommender.serving.registry import registry
from recommender.serving.types import RecoItem, RecoRequest, RecoResult

TOP_N = 50  # the default request serving answers from a record (service.is_default: k <= 50)
RECORD_TTL = 6 * 3600
ALS = "als"


def activity_versions(user_ids: list[int]) -> dict[int, int]:
    """user_activity_version for many users in one cache round trip."""
    keys = {activity_key(uid): uid for uid in user_ids}
    found = cache.get_many(list(keys))
    return {uid: int(found.get(key) or 0) for key, uid in keys.items()}


def _online(user_ids: list[int]) -> dict[int, RecoResult]:
    users = User.objects.filter(pk__in=user_ids)
    return {user.pk: recommend(user, RecoRequest(k=TOP_N)) for user in users}


def _als(
    model: ImplicitAlsRecommender, artifact_id: int, user_ids: list[int]
) -> dict[int, RecoResult]:
    """Users with a signal on a title the model knows; the others take the online path."""
    item_ids = np.asarray(model.item_ids_, dtype=np.int64)
    history = history_matrix(chunk_signals(user_ids), user_ids, item_ids)
    warm = np.flatnonzero(np.diff(history.indptr) > 0)
    if len(warm) == 0:
        return {}
    cols, scores, anchors = rank_als(model, ann_index(artifact_id, model), history[warm], TOP_N)
    titles = dict(
        Content.objects.filter(pk__in=item_ids[anchors[anchors >= 0]].tolist()).values_list(
            "pk", "title"
        )
    )
    versions = dict(registry.active_versions())
    out: dict[int, RecoResult] = {}
    for r, row in enumerate(warm):
        items = [
            RecoItem(
                int(item_ids[c]),
                round(float(s), 4),
                Reason("because_you_liked", {"title": titles.get(int(item_ids[a]), "")}),
            )
            for c, s, a in zip(cols[r], scores[r], anchors[r], strict=True)
            if c >= 0
        ]
        out[user_ids[row]] = RecoResult(items, ALS, [], versions)
    return out


def compute_chunk(user_ids: list[int], *, ttl: int = RECORD_TTL) -> dict[str, Any]:
    started = time.perf_counter()
    ids = sorted(set(user_ids))
    versions = activity_versions(ids)
    tag = versions_tag()
    artifact_id = registry.active_versions().get(ALS)
    model = registry.get(ALS)
    results: dict[int, RecoResult] = {}
    if artifact_id is not None and isinstance(model, ImplicitAlsRecommender):
        results = _als(model, artifact_id, ids)
    cold = [uid for uid in ids if uid not in results]
    results |= _online(cold)
    cache.set_many(
        {record_key(uid, versions[uid], tag): encode(res) for uid, res in results.items()},
        timeout=ttl,
    )
    return {
        "users": len(results),
        "online": len(cold),
        "seconds": round(time.perf_counter() - started, 3),
    }
