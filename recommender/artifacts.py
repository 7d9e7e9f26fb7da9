"""Saving trained models as versioned artifacts (file + ModelArtifact row) and promoting them."""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from recommender.algorithms.base import InteractionData, Recommender
from recommender.models import ModelArtifact, TrainingRun
from recommender.storage import load_model, save_model


def config_hash(config: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode()).hexdigest()


def data_snapshot(data: InteractionData) -> dict[str, Any]:
    newest = (
        float(data.timestamps.data.max())
        if data.timestamps is not None and data.timestamps.nnz
        else None
    )
    return {
        "users": data.n_users,
        "items": data.n_items,
        "interactions": int(data.matrix.nnz),
        "newest_interaction": newest,
    }


def artifact_create(
    *,
    model: Recommender,
    data: InteractionData,
    metrics: dict[str, Any] | None = None,
    fit_seconds: float = 0.0,
    run: TrainingRun | None = None,
    activate: bool = True,
) -> ModelArtifact:
    """Write the model's .npz and its row with the next version number; optionally promote it."""
    buffer = io.BytesIO()
    snapshot = data_snapshot(data)
    save_model(model, buffer, data_snapshot=snapshot)
    content = buffer.getvalue()
    with transaction.atomic():
        latest = (
            ModelArtifact.objects.select_for_update()
            .filter(algorithm=model.name)
            .aggregate(v=Max("version"))
        )
        version = (latest["v"] or 0) + 1
        artifact = ModelArtifact(
            run=run,
            algorithm=model.name,
            version=version,
            format_version=model.format_version,
            parameters=model.config_dict(),
            config_hash=config_hash(model.config_dict()),
            data_snapshot=snapshot,
            metrics=metrics or {},
            size_bytes=len(content),
            fit_seconds=fit_seconds,
            trained_at=timezone.now(),
        )
        artifact.file.save(f"{model.name}/v{version}.npz", ContentFile(content), save=False)
        artifact.save()
        if activate:
            model_activate(artifact=artifact)
    return artifact


def model_activate(*, artifact: ModelArtifact) -> ModelArtifact:
    """Make this version the one served for its algorithm (one active per algorithm)."""
    with transaction.atomic():
        # lock the algorithm's rows: two activations at once queue instead of colliding
        list(ModelArtifact.objects.select_for_update().filter(algorithm=artifact.algorithm))
        ModelArtifact.objects.filter(algorithm=artifact.algorithm, is_active=True).exclude(
            pk=artifact.pk
        ).update(is_active=False)
        artifact.is_active = True
        artifact.save(update_fields=["is_active", "updated_at"])
    return artifact


def artifact_load(artifact: ModelArtifact) -> Recommender:
    with artifact.file.open("rb") as handle:
        model, _ = load_model(io.BytesIO(handle.read()))
    return model
