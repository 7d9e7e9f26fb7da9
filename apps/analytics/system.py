"""The analytics page's system panel: models, training runs, cache, queue, scheduled tasks and
providers. Each figure says when it cannot be measured instead of inventing a number."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache

from apps.core.system_facts import system_facts

logger = logging.getLogger(__name__)
QUEUES = ("default", "ml")
BUDGETED = {"omdb": "OMDB_DAILY_LIMIT", "youtube": "YOUTUBE_DAILY_QUOTA"}


def _redis(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)


def _cache_hit_rate() -> dict[str, Any]:
    if "redis" not in str(settings.CACHES["default"]["BACKEND"]).lower():
        return {"value": None, "note": "not measurable: per-process local-memory cache"}
    try:
        stats = _redis(settings.REDIS_URL).info("stats")
    except Exception as exc:
        return {"value": None, "note": f"redis unavailable: {type(exc).__name__}"}
    hits, misses = int(stats.get("keyspace_hits", 0)), int(stats.get("keyspace_misses", 0))
    rate = hits / (hits + misses) if hits + misses else None
    note = "" if rate is not None else "no cache reads yet"
    return {"value": rate and round(rate, 4), "hits": hits, "misses": misses, "note": note}


def queue_lengths() -> dict[str, Any]:
    broker = settings.CELERY_BROKER_URL
    if not broker.startswith(("redis://", "rediss://")):
        return {"value": None, "note": "no broker configured: tasks run in-process"}
    try:
        client = _redis(broker)
        return {"value": {queue: int(client.llen(queue)) for queue in QUEUES}, "note": ""}
    except Exception as exc:
        return {"value": None, "note": f"broker unavailable: {type(exc).__name__}"}


def _scheduled_tasks() -> list[dict[str, Any]]:
    from django_celery_beat.models import PeriodicTask

    return [
        {
            "name": t.name,
            "task": t.task,
            "enabled": t.enabled,
            "last_run_at": t.last_run_at and t.last_run_at.isoformat(),
            "runs": t.total_run_count,
        }
        for t in PeriodicTask.objects.order_by("-last_run_at", "name")[:20]
    ]


def _providers() -> dict[str, Any]:
    day = datetime.now(tz=UTC).strftime("%Y%m%d")
    out: dict[str, Any] = {}
    for name, limit_setting in BUDGETED.items():
        used = cache.get(f"budget:{name}:{day}")  # apps/integrations/http.py's counters
        out[name] = {"quota_used_today": used or 0, "quota": getattr(settings, limit_setting)}
    return out


def system_panel() -> dict[str, Any]:
    """Models and training runs come from the recommender and Telegram's figures from curation,
    through apps/core/system_facts.py (both sit above analytics)."""
    facts = system_facts()
    return {
        "models": facts.get("models", []),
        "training_runs": facts.get("training_runs", []),
        "cache_hit_rate": _cache_hit_rate(),
        "queue_length": queue_lengths(),
        "scheduled_tasks": _scheduled_tasks(),
        "providers": {**_providers(), **facts.get("providers", {})},
    }
