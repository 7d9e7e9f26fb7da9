"""What portability keeps about a person: their import jobs (file name, counts, unmatched rows)."""

from __future__ import annotations

from typing import Any

from apps.core.personal_data import register_personal_data
from apps.portability.models import ImportJob


def _export_imports(user_id: int) -> list[dict[str, Any]]:
    return [
        {
            "format": job.format,
            "filename": job.filename,
            "status": job.status,
            "counts": job.counts,
            "unmatched": job.unmatched,
            "at": job.created_at.isoformat(),
        }
        for job in ImportJob.objects.filter(user_id=user_id).order_by("created_at", "id")
    ]


def _erase_imports(user_id: int) -> None:
    ImportJob.objects.filter(user_id=user_id).delete()


def register() -> None:
    register_personal_data(
        section="imports", models=(ImportJob,), export=_export_imports, erase=_erase_imports
    )
