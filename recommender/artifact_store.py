"""Shared artifact storage: a Django Storage whose files are rows of chunks in the database.

Every host that serves already reaches the database, so an artifact the ML worker writes is
readable by the web service on any other host, on PostgreSQL and on SQLite alike, and its bytes
commit in the same transaction as its ModelArtifact row. Why this and not PostgreSQL large
objects or S3: docs/operations.md ("Where trained models live"). STORAGES["artifacts"] selects
the backend, so an S3-compatible store (django-storages) is a settings change.
"""

from __future__ import annotations

import tempfile
from typing import IO, TYPE_CHECKING

from django.apps import apps
from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Length
from django.utils.deconstruct import deconstructible

if TYPE_CHECKING:
    from recommender.models import ArtifactChunk

DEFAULT_CHUNK_BYTES = 8 << 20  # bytea/BLOB rows of 8 MiB: bounded memory on both ends


@deconstructible(path="recommender.artifact_store.DatabaseStorage")
class DatabaseStorage(Storage):
    """Files as ordered ArtifactChunk rows (name, seq, data). Read and written a chunk at a time."""

    def __init__(self, chunk_bytes: int = DEFAULT_CHUNK_BYTES) -> None:
        self.chunk_bytes = chunk_bytes

    def _save(self, name: str, content: File) -> str:
        with transaction.atomic():
            _chunks().objects.filter(name=name).delete()
            seq = 0
            for block in content.chunks(self.chunk_bytes):
                _chunks().objects.create(name=name, seq=seq, data=block)
                seq += 1
            if seq == 0:  # an empty file still exists
                _chunks().objects.create(name=name, seq=0, data=b"")
        return name

    def _open(self, name: str, mode: str = "rb") -> File:
        """A local temporary file holding the bytes (seekable, as zip readers need)."""
        if "w" in mode or "a" in mode:
            raise ValueError("artifacts are written with save(), not opened for writing")
        spool: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - the File owns and closes it
        try:
            self.copy_to(name, spool)
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return File(spool, name=name)

    def copy_to(self, name: str, handle: IO[bytes]) -> int:
        """Write the file's bytes into an open binary handle, chunk by chunk; returns the size."""
        size, found = 0, False
        rows = (
            _chunks()
            .objects.filter(name=name)
            .order_by("seq")
            .values_list("data", flat=True)
            .iterator(chunk_size=1)
        )
        for data in rows:
            handle.write(data)
            size += len(data)
            found = True
        if not found:
            raise FileNotFoundError(name)
        return size

    def exists(self, name: str) -> bool:
        return _chunks().objects.filter(name=name).exists()

    def delete(self, name: str) -> None:
        _chunks().objects.filter(name=name).delete()

    def size(self, name: str) -> int:
        total = _chunks().objects.filter(name=name).aggregate(n=Sum(Length("data")))["n"]
        if total is None:
            raise FileNotFoundError(name)
        return int(total)


def _chunks() -> type[ArtifactChunk]:
    """Looked up when used: ModelArtifact.file builds this storage while recommender.models is
    still being imported."""
    return apps.get_model("recommender", "ArtifactChunk")
