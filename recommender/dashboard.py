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


MODELS_BLOCK = DashboardBlock(
    "models", _("Recommendation models"), "recommender.view_modelartifact", models_summary, order=50
)
