"""Active models, loaded once per process and swapped when a new version is promoted.

The database row is the source of truth; every few seconds the registry re-reads which artifact
is active per algorithm and loads any that changed. Artifacts come from shared storage (any host
sees a version another host trained) through this host's local copy, memory-mapped, so the
processes of one host share one copy (recommender/artifact_cache.py). A file that is missing or
unreadable is logged and treated as "no model", so serving falls back instead of failing.
"""

from __future__ import annotations

import logging
import threading
import time

from recommender.algorithms.base import Recommender
from recommender.artifact_cache import prune
from recommender.artifacts import artifact_load
from recommender.models import ModelArtifact

logger = logging.getLogger(__name__)
REFRESH_SECONDS = 2.0


class ModelRegistry:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._models: dict[str, tuple[int, Recommender | None]] = {}
        self._active: dict[str, int] = {}
        self._checked = 0.0

    def active_versions(self) -> dict[str, int]:
        now = time.monotonic()
        if now - self._checked > REFRESH_SECONDS:
            self._active = dict(
                ModelArtifact.objects.filter(is_active=True).values_list("algorithm", "id")
            )
            self._checked = now
        return self._active

    def get(self, name: str) -> Recommender | None:
        artifact_id = self.active_versions().get(name)
        if artifact_id is None:
            return None
        cached = self._models.get(name)
        if cached is not None and cached[0] == artifact_id:
            return cached[1]
        with self._lock:
            cached = self._models.get(name)
            if cached is not None and cached[0] == artifact_id:
                return cached[1]
            model = self._load(name, artifact_id)
            self._models[name] = (artifact_id, model)
            if model is not None:
                self._prune()
            return model

    def _load(self, name: str, artifact_id: int) -> Recommender | None:
        try:
            artifact = ModelArtifact.objects.get(pk=artifact_id)
            model = artifact_load(artifact)
        except Exception:  # missing file, foreign format, corrupt archive: serve without it
            logger.exception("could not load %s artifact %s; falling back", name, artifact_id)
            return None
        logger.info("loaded %s v%s", name, artifact.version)
        return model

    def _prune(self) -> None:
        """Drop this host's copies of versions no longer active (nor held here)."""
        keep = set(self.active_versions().values()) | {pk for pk, _ in self._models.values()}
        try:
            for path in prune(keep=keep):
                logger.info("removed local artifact copy %s", path)
        except OSError:
            logger.exception("could not prune the local artifact cache")

    def reset(self) -> None:
        with self._lock:
            self._models.clear()
            self._active.clear()
            self._checked = 0.0


registry = ModelRegistry()
