"""The dashboard's system panel: models, training runs, cache, queue, scheduled tasks and
providers. Each figure says when it cannot be measured instead of inventing a number."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Q

logger = logging.getLogger(__name__)
QUEUES = ("default", "ml")
BUDGETED = {"omdb": "OMDB_DAILY_LIMIT", "youtube": "YOUTUBE_DAILY_QUOTA"}


def _models() -> list[dict[str, Any]]:
    from recommender.entry import ModelArtifact

    rows = ModelArtifact.objects.filter(is_active=True).order_by("algorithm")
    return [
        {
            "algorithm": a.algorithm,
            "version": a.version,
            "trained_at": a.trained_at.isoformat(),
            "fit_seconds": round(a.fit_seconds, 1),
            "size_bytes": a.size_bytes,
        }
        for a in rows.only("algorithm", "version", "trained_at", "fit_seconds", "size_bytes")
    ]


def _training_runs(limit: int = 5) -> list[dict[str, Any]]:
    from recommender.entry import TrainingRun

    return [
        {
            "id": run.pk,
            "status": run.status,
            "algorithms": run.algorithms,
            "started_at": run.started_at and run.started_at.isoformat(),
            "finished_at": run.finished_at and run.finished_at.isoformat(),
            "error": run.error[:300],
        }
        for run in TrainingRun.objects.order_by("-created_at")[:limit]
    ]


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
    from apps.curation.models import TelegramPost

    day = datetime.now(tz=UTC).strftime("%Y%m%d")
    out: dict[str, Any] = {}
    for name, limit_setting in BUDGETED.items():
        used = cache.get(f"budget:{name}:{day}")  # apps/integrations/http.py's counters
        out[name] = {"quota_used_today": used or 0, "quota": getattr(settings, limit_setting)}
    posts = TelegramPost.objects.aggregate(
        last_success=Max("sent_at"),
        last_failure=Max("updated_at", filter=Q(status=TelegramPost.Status.FAILED)),
    )
    out["telegram"] = {
        "configured": bool(settings.TELEGRAM_BOT_TOKEN and settings.TELEGRAM_CHANNEL_ID),
        "last_success": posts["last_success"] and posts["last_success"].isoformat(),
        "last_failure": posts["last_failure"] and posts["last_failure"].isoformat(),
    }
    return out


def system_panel() -> dict[str, Any]:
    return {
        "models": _models(),
        "training_runs": _training_runs(),
        "cache_hit_rate": _cache_hit_rate(),
        "queue_length": queue_lengths(),
        "scheduled_tasks": _scheduled_tasks(),
        "providers": _providers(),
    }
