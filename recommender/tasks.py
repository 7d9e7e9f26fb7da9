"""Training and batch tasks (routed to the `ml` queue): they take ids, call one service."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.core.cache import cache

from recommender.models import TrainingRun

RETRAIN_LOCK = "recommender:retrain-lock"


@shared_task(name="recommender.train", soft_time_limit=30 * 60, time_limit=35 * 60)
def train_run(run_id: int) -> dict[str, Any]:
    from recommender.training import train

    run = TrainingRun.objects.get(pk=run_id)
    artifacts = train(run.algorithms, run=run)
    return {"run": run.pk, "status": run.status, "artifacts": [a.pk for a in artifacts]}


@shared_task(name="recommender.nightly_retrain")
def nightly_retrain() -> dict[str, Any]:
    from recommender.services import training_run_start

    return {"run": training_run_start(group="all").pk}


@shared_task(name="recommender.retrain_if_due")
def retrain_if_due() -> dict[str, Any]:
    """A full retrain once enough new interactions arrived since the last one (cheap check)."""
    from recommender.services import retrain_due, training_run_start

    if not retrain_due() or not cache.add(RETRAIN_LOCK, 1, timeout=30 * 60):
        return {"started": False}
    return {"started": True, "run": training_run_start(group="all").pk}


@shared_task(name="recommender.precompute")
def precompute(user_ids: list[int] | None = None, chunk: int = 200) -> dict[str, Any]:
    from recommender.batch import precompute_top_n

    return precompute_top_n(user_ids=user_ids, chunk=chunk)
