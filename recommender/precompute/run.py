"""The batch precompute in this process, chunk after chunk (the Celery fan-out is
recommender.tasks.precompute; the demo and tests call this)."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings

from recommender.precompute.chunk import compute_chunk
from recommender.precompute.users import active_user_pages

logger = logging.getLogger(__name__)


def precompute_top_n(
    *, user_ids: list[int] | None = None, chunk: int | None = None
) -> dict[str, Any]:
    """In this process, chunk after chunk (the Celery fan-out is recommender.tasks.precompute)."""
    started = time.perf_counter()
    size = chunk or settings.RECOMMENDER_PRECOMPUTE_CHUNK
    pages = (
        (user_ids[i : i + size] for i in range(0, len(user_ids), size))
        if user_ids is not None
        else active_user_pages(size)
    )
    done = sum(compute_chunk(page)["users"] for page in pages)
    seconds = time.perf_counter() - started
    logger.info("precomputed %d users in %.1fs", done, seconds)
    return {"users": done, "seconds": round(seconds, 1)}
