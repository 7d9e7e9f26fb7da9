"""This host's local copies of artifacts: ARTIFACT_CACHE_DIR/<id>-<checksum>/<array>.npy.

The first process on a host that needs an artifact downloads it from shared storage, checks
its SHA-256 against the row, and unpacks it (atomically: temp dir + rename); the others wait
on a file lock and then map the same files. A directory name carries the checksum, so a copy
left by another database with the same ids is never mistaken for this one.
"""

from __future__ import annotations

import fcntl
import logging
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.conf import settings

from recommender.artifact_store import DatabaseStorage
from recommender.models import ModelArtifact
from recommender.storage import MANIFEST, file_sha256, unpack_to_dir

logger = logging.getLogger(__name__)
STALE_SECONDS = 3600  # leftovers of a process that died mid-download
_COPY = re.compile(r"(\d+)-(?:[0-9a-f]{16}|unchecked)")
_LEFTOVER = re.compile(r"\.(?:tmp-.+|download-.+|.+\.lock)")


def cache_root() -> Path:
    return Path(settings.ARTIFACT_CACHE_DIR)


def local_path(artifact: ModelArtifact) -> Path:
    return cache_root() / f"{artifact.pk}-{(artifact.checksum or 'unchecked')[:16]}"


def materialise(artifact: ModelArtifact) -> Path:
    """The artifact's local directory, downloading and unpacking it when this host has none."""
    target = local_path(artifact)
    if (target / MANIFEST).exists():
        return target
    cache_root().mkdir(parents=True, exist_ok=True)
    with _locked(cache_root() / f".{target.name}.lock"):
        if not (target / MANIFEST).exists():
            _download_and_unpack(artifact, target)
    return target


def _download_and_unpack(artifact: ModelArtifact, target: Path) -> None:
    started = time.perf_counter()
    with tempfile.TemporaryFile(dir=cache_root(), prefix=".download-") as spool:
        _download(artifact, spool)
        spool.seek(0)
        digest = file_sha256(spool)
        if artifact.checksum and digest != artifact.checksum:
            raise ValueError(
                f"artifact {artifact.pk}: checksum {digest} does not match {artifact.checksum}"
            )
        spool.seek(0)
        unpack_to_dir(spool, target)
    logger.info(
        "unpacked %s v%s into %s in %.1f s",
        artifact.algorithm,
        artifact.version,
        target,
        time.perf_counter() - started,
    )


def _download(artifact: ModelArtifact, spool: IO[bytes]) -> None:
    """The storage's bytes into `spool`: straight from the database chunks when that is the
    store (no second temporary copy), else through the storage's own file object."""
    storage, name = artifact.file.storage, artifact.file.name
    if isinstance(storage, DatabaseStorage):
        storage.copy_to(name, spool)
        return
    with storage.open(name, "rb") as source:
        shutil.copyfileobj(source, spool, length=1 << 20)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One downloader per artifact per host; the other processes wait for its copy."""
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def prune(*, keep: set[int]) -> list[Path]:
    """Remove local copies of artifacts not in `keep`, and stale leftovers. Processes that still
    map a removed copy keep reading it (an unlinked file lives while it is mapped)."""
    root = cache_root()
    if not root.is_dir():
        return []
    removed = []
    for path in root.iterdir():
        if _LEFTOVER.fullmatch(path.name):
            if time.time() - path.stat().st_mtime < STALE_SECONDS:
                continue
        elif not (match := _COPY.fullmatch(path.name)) or int(match[1]) in keep:
            continue  # only what this module wrote is ever removed
        _remove(path)
        removed.append(path)
    return removed


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
