"""The workers' heartbeat: every task a worker finishes records when and where (config/celery.py
connects this to Celery's task_postrun); beat's outbox drain runs every minute, so a heartbeat
older than a few minutes means no worker consumes. Read by the admin home's system block."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.dateparse import parse_datetime

logger = logging.getLogger(__name__)
KEY = "celery:worker:heartbeat"
STALE_AFTER = timedelta(minutes=5)


def worker_heartbeat_record(*, hostname: str, now: datetime | None = None) -> None:
    """Never raises: a cache outage must not fail the task that just succeeded."""
    at = (now or timezone.now()).isoformat()
    try:
        cache.set(KEY, {"at": at, "hostname": hostname}, timeout=None)
    except Exception as exc:
        logger.warning("heartbeat not recorded", extra={"error": type(exc).__name__})


def worker_heartbeat(*, now: datetime | None = None) -> dict[str, Any] | None:
    """The last heartbeat (`at`, `hostname`, `stale`), or None when no worker ever reported."""
    try:
        found = cache.get(KEY)
    except Exception:
        return None
    at = parse_datetime(found["at"]) if isinstance(found, dict) and found.get("at") else None
    if at is None:
        return None
    return {
        "at": at,
        "hostname": found.get("hostname", ""),
        "stale": (now or timezone.now()) - at > STALE_AFTER,
    }
