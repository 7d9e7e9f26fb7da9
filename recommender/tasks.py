"""Training and batch tasks (routed to the `ml` queue): they take ids, call one service."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.core.cache import cache

from recommender.services import retrain_due, training_run_start
from recommender.serving.batch import precompute_top_n
from recommender.training.task import train_run

__all__ = ["nightly_retrain", "precompute", "retrain_if_due", "train_run"]

RETRAIN_LOCK = "recommender:retrain-lock"


@shared_task(name="recommender.nightly_retrain")
def nightly_retrain() -> dict[str, Any]:
    return {"run": training_run_start(group="all").pk}


@shared_task(name="recommender.retrain_if_due")
def retrain_if_due() -> dict[str, Any]:
    """A full retrain once enough new interactions arrived since the last one (cheap check)."""
    if not retrain_due() or not cache.add(RETRAIN_LOCK, 1, timeout=30 * 60):
        return {"started": False}
    return {"started": True, "run": training_run_start(group="all").pk}


@shared_task(name="recommender.precompute")
def precompute(user_ids: list[int] | None = None, chunk: int = 200) -> dict[str, Any]:
    return precompute_top_n(user_ids=user_ids, chunk=chunk)
