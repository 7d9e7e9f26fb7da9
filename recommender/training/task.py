"""The training task (`ml` queue). Separate from `tasks.py` so that the service which enqueues it
(`services.training_run_start`) and the scheduled tasks which call that service import in one
direction only: tasks -> services -> training.task -> training.runs."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from recommender.models import TrainingRun


@shared_task(name="recommender.train", soft_time_limit=30 * 60, time_limit=35 * 60)
def train_run(run_id: int) -> dict[str, Any]:
    from recommender.training.runs import train  # heavy: numpy/scipy models load on first training

    run = TrainingRun.objects.get(pk=run_id)
    artifacts = train(run.algorithms, run=run)
    return {"run": run.pk, "status": run.status, "artifacts": [a.pk for a in artifacts]}
