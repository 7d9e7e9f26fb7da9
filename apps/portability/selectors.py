"""Reads of the portability app: an import's report (the export is in personal.py)."""

from __future__ import annotations

from apps.accounts.models import User
from apps.core.exceptions import NotFoundError
from apps.portability.models import ImportJob


def import_get(*, user: User, import_id: int) -> ImportJob:
    job = ImportJob.objects.filter(pk=import_id, user=user).defer("data").first()
    if job is None:  # someone else's import is as unknown as a missing one
        raise NotFoundError(f"Import {import_id} does not exist.", details={"id": import_id})
    return job
