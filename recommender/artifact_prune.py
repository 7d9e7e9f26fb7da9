"""Old artifact versions go: their chunks in shared storage, their rows, and this host's copies.

Per algorithm the active version and the newest ARTIFACT_KEEP_VERSIONS stay (the rollback targets
the admin's "Activate this version" offers). An experiment arm names an algorithm, not a version
(Variant.algorithm), so the version it serves is that algorithm's active one, which always stays.
Rows are deleted with their bytes, not kept as "pruned": the admin lists versions to activate,
and a row without bytes could only fail there; what a run did stays on its TrainingRun.
Runs after every training run (recommender/training) and nightly (tasks.prune_artifacts).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from recommender.artifact_cache import prune as prune_local
from recommender.artifacts import artifact_delete
from recommender.models import ModelArtifact

logger = logging.getLogger(__name__)


@dataclass
class Pruned:
    """What one pass removed: versions per algorithm and this host's local copies."""

    versions: dict[str, list[int]] = field(default_factory=dict)
    local_copies: list[Path] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"versions": self.versions, "local_copies": [p.name for p in self.local_copies]}


def keep_versions() -> int:
    keep = int(settings.ARTIFACT_KEEP_VERSIONS)
    if keep < 1:
        raise ValueError(f"ARTIFACT_KEEP_VERSIONS must be at least 1, not {keep}")
    return keep


def algorithm_prune(algorithm: str, *, keep: int) -> list[int]:
    """Delete `algorithm`'s versions beyond the newest `keep`, never the active one; returns
    the version numbers removed. Holds the algorithm's row locks, as activation does, so a
    version cannot become active while it is being deleted."""
    removed = []
    with transaction.atomic():
        rows = list(
            ModelArtifact.objects.select_for_update()
            .filter(algorithm=algorithm)
            .order_by("-version")
        )
        for artifact in rows[keep:]:
            if artifact.is_active:
                continue
            artifact_delete(artifact=artifact)
            removed.append(artifact.version)
    return removed


def artifacts_prune(*, keep: int | None = None) -> Pruned:
    """Prune every algorithm's old versions in shared storage, then this host's local copies of
    versions that no longer exist (processes still mapping one keep reading it)."""
    count = keep if keep is not None else keep_versions()
    if count < 1:
        raise ValueError(f"keep at least one version, not {count}")
    result = Pruned()
    algorithms = ModelArtifact.objects.values_list("algorithm", flat=True).distinct()
    for algorithm in sorted(set(algorithms)):
        removed = algorithm_prune(algorithm, keep=count)
        if removed:
            result.versions[algorithm] = removed
            logger.info("pruned %s versions %s", algorithm, removed)
    remaining = set(ModelArtifact.objects.values_list("pk", flat=True))
    result.local_copies = prune_local(keep=remaining)
    return result


def prune_after_training() -> None:
    """artifacts_prune for the end of a training run: a failure is logged, never the run's."""
    try:
        artifacts_prune()
    except Exception:  # the run trained and saved its models; pruning waits for the next pass
        logger.exception("pruning old artifact versions failed")
