"""Training on what the database holds: one artifact per algorithm, promoted when it succeeds.
The same functions run from manage.py train_recommenders and from the Celery tasks."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from recommender.algorithms import ALGORITHMS, algorithm_get, names_where
from recommender.algorithms.base import FAMILIES, InteractionData, Recommender, ReusesMembers
from recommender.artifact_prune import prune_after_training
from recommender.artifacts import artifact_create
from recommender.data import interaction_data
from recommender.models import ModelArtifact, TrainingRun

logger = logging.getLogger(__name__)

# The configuration each served algorithm is trained with (its serving_config: the evaluated
# defaults, sized for a catalogue of tens of thousands of titles).
SERVING_CONFIGS: dict[str, dict[str, Any]] = {
    name: dict(cls.serving_config) for name, cls in ALGORITHMS.items() if cls.trained
}
# Training groups (train_recommenders --group): the algorithms trained on their own, by family.
GROUPS: dict[str, tuple[str, ...]] = {
    family: names_where(family=family, trained=True) for family in FAMILIES
}
# Hybrid after its members: it reuses the ones this run fitted with the same configuration.
DEFAULT_ALGORITHMS = GROUPS["collaborative"] + GROUPS["content-based"] + GROUPS["hybrid"]
ALL_ALGORITHMS = DEFAULT_ALGORITHMS + GROUPS["deep"]


def build(name: str) -> Recommender:
    cls = algorithm_get(name)
    return cls(cls.Config(**SERVING_CONFIGS.get(name, {})))


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _progress(run: TrainingRun | None, name: str, **state: Any) -> None:
    if run is None:
        return
    run.progress = {**run.progress, name: state}
    run.save(update_fields=["progress", "updated_at"])


def train(
    algorithms: Iterable[str],
    *,
    run: TrainingRun | None = None,
    data: InteractionData | None = None,
) -> list[ModelArtifact]:
    """Fit and save each algorithm; one failing algorithm does not stop the others."""
    names = list(algorithms)
    if run is not None:
        run.status, run.started_at = TrainingRun.Status.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at", "updated_at"])
    data = data or interaction_data()
    artifacts, errors = [], []
    fitted: dict[tuple[str, Any], Recommender] = {}  # the hybrid reuses members fitted here
    for name in names:
        _progress(run, name, state="running")
        started = time.perf_counter()
        try:
            model = build(name)
            if isinstance(model, ReusesMembers):
                model.reuse(fitted, data, seed=0)
            model.fit(data, seed=0)
        except Exception as exc:  # one broken algorithm must not stop the rest
            logger.exception("training %s failed", name)
            errors.append(f"{name}: {exc}")
            _progress(run, name, state="failed", error=str(exc))
            continue
        seconds = time.perf_counter() - started
        if _hashable(model.config):  # frozen dataclasses of plain values
            fitted[(name, model.config)] = model
        metrics: dict[str, Any] = {"fit_seconds": round(seconds, 2)}
        if hasattr(model, "validation_"):
            metrics["validation"] = model.validation_
        if hasattr(model, "weights") and callable(model.weights):
            metrics["weights"] = model.weights()
        artifacts.append(
            artifact_create(model=model, data=data, metrics=metrics, fit_seconds=seconds, run=run)
        )
        _progress(run, name, state="done", seconds=round(seconds, 2))
        logger.info("trained %s in %.1fs", name, seconds)
    if run is not None:
        run.status = (
            TrainingRun.Status.FAILED if errors and not artifacts else TrainingRun.Status.SUCCEEDED
        )
        run.error = "\n".join(errors)
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at", "updated_at"])
    if artifacts:
        prune_after_training()
    return artifacts
