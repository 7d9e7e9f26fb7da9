"""Saving trained models as versioned artifacts (file + ModelArtifact row) and promoting them.

The file goes to shared storage (STORAGES["artifacts"], the database by default) in the same
transaction as its row; loading goes through this host's memory-mapped local copy
(recommender/artifact_cache.py, docs/operations.md "Where trained models live").
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from recommender.algorithms.als import ImplicitAlsRecommender
from recommender.algorithms.base import InteractionData, Recommender
from recommender.artifact_cache import materialise
from recommender.models import ModelArtifact, TrainingRun
from recommender.retrieval.stored_index import index_attach
from recommender.storage import file_sha256, load_model, save_model


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
    """Write the model's .npz and its row with the next version number; optionally promote it.
    Row and file commit together: no host ever sees a version without its bytes. An ALS model
    gets its ANN index built here and stored with it (retrieval/stored_index.py)."""
    metrics = dict(metrics or {})
    if isinstance(model, ImplicitAlsRecommender) and not model.index_arrays_:
        metrics["index_seconds"] = round(index_attach(model), 2)
    snapshot = data_snapshot(data)
    with tempfile.TemporaryFile(prefix="artifact-") as spool:  # a file: models can be GBs
        save_model(model, spool, data_snapshot=snapshot)
        size = spool.tell()
        spool.seek(0)
        checksum = file_sha256(spool)
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
                metrics=metrics,
                size_bytes=size,
                checksum=checksum,
                fit_seconds=fit_seconds,
                trained_at=timezone.now(),
            )
            spool.seek(0)
            artifact.file.save(
                f"{model.name}/v{version}.npz", File(spool, name="model.npz"), save=False
            )
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


def artifact_delete(*, artifact: ModelArtifact) -> None:
    """Remove a version and its bytes from shared storage together (the storage does not follow
    row deletes by itself: a row deleted alone would leave its chunks behind)."""
    with transaction.atomic():
        if artifact.file.name:
            artifact.file.storage.delete(artifact.file.name)
        artifact.delete()


def artifact_load(artifact: ModelArtifact) -> Recommender:
    """The fitted model, memory-mapped from this host's local copy (made on first use)."""
    model, _ = load_model(materialise(artifact))
    return model
