"""Batch precompute: top-N for active users in chunks, stored in the cache; serving prefers a
fresh precomputed list for the default request and recomputes when the user has changed since."""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from apps.accounts.models import Rating, User
from apps.analytics.models import Interaction
from recommender.serving.engine import recommend
from recommender.serving.keys import batch_key
from recommender.serving.types import RecoRequest, RecoResult

logger = logging.getLogger(__name__)
BATCH_TTL = 6 * 3600
BATCH_SIZE = 50


def active_user_ids(days: int = 30, limit: int = 5000) -> list[int]:
    """Users with recent activity, else (a quiet demo) those with the most recent ratings."""
    since = timezone.now() - timedelta(days=days)
    recent = set(
        Interaction.objects.filter(created_at__gte=since, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    if len(recent) < limit:
        latest = Rating.objects.values("user_id").annotate(last=Max("updated_at")).order_by("-last")
        recent |= {row["user_id"] for row in latest[: limit - len(recent)]}
    return sorted(recent)[:limit]


def precompute_top_n(*, user_ids: list[int] | None = None, chunk: int = 200) -> dict[str, Any]:
    started = time.perf_counter()
    ids = user_ids if user_ids is not None else active_user_ids()
    done = 0
    for start in range(0, len(ids), chunk):
        users = User.objects.filter(pk__in=ids[start : start + chunk])
        for user in users:
            result = recommend(user, RecoRequest(k=BATCH_SIZE))
            cache.set(batch_key(user.pk), result, timeout=BATCH_TTL)
            done += 1
    seconds = time.perf_counter() - started
    logger.info("precomputed %d users in %.1fs", done, seconds)
    return {"users": done, "seconds": round(seconds, 1)}


def precomputed(user_id: int) -> RecoResult | None:
    result = cache.get(batch_key(user_id))
    return result if isinstance(result, RecoResult) else None
