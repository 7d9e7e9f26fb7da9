"""The recommender's block on the curators' admin home (apps/core/dashboard.py): the serving
model versions, when they were trained and their offline metrics."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.core.dashboard import DashboardBlock
from recommender.models import ModelArtifact, TrainingRun


def _offline_metrics(metrics: dict[str, Any]) -> list[tuple[str, float]]:
    """The numeric validation figures a training run recorded (e.g. the hybrid's nDCG)."""
    validation = metrics.get("validation") or {}
    return [
        (name, round(float(value), 4))
        for name, value in sorted(validation.items())
        if isinstance(value, int | float) and not isinstance(value, bool)
    ]


def models_summary() -> dict[str, Any]:
    """Active versions and the last training run. Two queries."""
    active = ModelArtifact.objects.filter(is_active=True).order_by("algorithm")
    rows = [
        {
            "pk": a.pk,
            "algorithm": a.algorithm,
            "version": a.version,
            "trained_at": a.trained_at,
            "fit_seconds": a.fit_seconds,
            "metrics": _offline_metrics(a.metrics),
        }
        for a in active.only("algorithm", "version", "trained_at", "fit_seconds", "metrics")
    ]
    last_run = (
        TrainingRun.objects.order_by("-created_at")
        .only("status", "finished_at", "started_at", "error", "created_at")
        .first()
    )
    return {"models": rows, "last_run": last_run}


def active_models_fact() -> list[dict[str, Any]]:
    """The analytics system panel's "models" (apps/core/system_facts.py)."""
    return [
        {
            **row,
            "trained_at": row["trained_at"].isoformat(),
            "fit_seconds": round(row["fit_seconds"], 1),
        }
        for row in ModelArtifact.objects.filter(is_active=True)
        .order_by("algorithm")
        .values("algorithm", "version", "trained_at", "fit_seconds", "size_bytes")
    ]


def training_runs_fact(limit: int = 5) -> list[dict[str, Any]]:
    """The analytics system panel's "training_runs": the last runs, newest first."""
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


MODELS_BLOCK = DashboardBlock(
    "models", _("Recommendation models"), "recommender.view_modelartifact", models_summary, order=50
)
