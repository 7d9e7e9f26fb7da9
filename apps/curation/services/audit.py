"""The curators' audit trail: every write through the curation services leaves one row."""

from __future__ import annotations

from typing import Any

from apps.accounts.models import User
from apps.curation.models import CuratorAuditLog


def audit_record(
    *,
    actor: User | None,
    action: str,
    target_type: str,
    target_id: int | str = "",
    payload: dict[str, Any] | None = None,
) -> CuratorAuditLog:
    """Append one entry; callers run it inside the transaction of the write it describes."""
    return CuratorAuditLog.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        payload=payload or {},
    )
