"""Writes of the recommender: training runs, retrain triggers, model activation."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from apps.analytics.models import Interaction
from recommender.artifacts import model_activate
from recommender.models import ModelArtifact, TrainingRun
from recommender.serving.registry import registry
from recommender.training import ALL_ALGORITHMS, DEFAULT_ALGORITHMS, GROUPS
from recommender.training_tasks import train_run

RETRAIN_AFTER_INTERACTIONS = getattr(settings, "RECOMMENDER_RETRAIN_AFTER", 500)


def algorithms_for(group: str) -> tuple[str, ...]:
    if group == "all":
        return ALL_ALGORITHMS
    if group == "default":
        return DEFAULT_ALGORITHMS
    return GROUPS[group]


def training_run_start(*, group: str = "default") -> TrainingRun:
    """Create the run and enqueue its task once the row is committed."""
    run = TrainingRun.objects.create(algorithms=list(algorithms_for(group)))
    transaction.on_commit(lambda: _enqueue(run))
    return run


def _enqueue(run: TrainingRun) -> None:
    result = train_run.apply_async(args=[run.pk], queue="ml")
    TrainingRun.objects.filter(pk=run.pk, task_id="").update(task_id=result.id or "")


def retrain_due() -> bool:
    """True when N interactions arrived since the newest active model was trained."""
    newest = (
        ModelArtifact.objects.filter(is_active=True)
        .order_by("-trained_at")
        .values_list("trained_at", flat=True)
        .first()
    )
    if newest is None:
        return True
    return Interaction.objects.filter(created_at__gt=newest).count() >= RETRAIN_AFTER_INTERACTIONS


def model_version_activate(*, artifact: ModelArtifact) -> ModelArtifact:
    """Serve this version of its algorithm (a promotion or a rollback): the one-active rule holds
    in one transaction, and this process's registry swaps now (others within two seconds)."""
    artifact = model_activate(artifact=artifact)
    transaction.on_commit(registry.reset)
    return artifact
