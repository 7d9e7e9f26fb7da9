"""Writes of the recommender: training runs, retrain triggers, model activation."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from apps.analytics.models import Interaction
from apps.core import outbox
from recommender.artifacts import model_activate
from recommender.models import ModelArtifact, TrainingRun
from recommender.serving.registry import registry
from recommender.training.runs import ALL_ALGORITHMS, DEFAULT_ALGORITHMS, GROUPS

RETRAIN_AFTER_INTERACTIONS = getattr(settings, "RECOMMENDER_RETRAIN_AFTER", 500)


def algorithms_for(group: str) -> tuple[str, ...]:
    if group == "all":
        return ALL_ALGORITHMS
    if group == "default":
        return DEFAULT_ALGORITHMS
    return GROUPS[group]


def training_run_start(*, group: str = "default") -> TrainingRun:
    """Create the run and record its task in the same transaction (apps/core/outbox.py)."""
    with transaction.atomic():
        run = TrainingRun.objects.create(algorithms=list(algorithms_for(group)))
        _enqueue(run)
    return run


def _enqueue(run: TrainingRun) -> None:
    """Through the outbox: recorded with the run, sent on commit or when the broker is back."""
    run.task_id = outbox.enqueue("recommender.train", run.pk).task_id
    TrainingRun.objects.filter(pk=run.pk).update(task_id=run.task_id)


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
