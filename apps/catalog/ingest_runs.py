"""When each provider's ingestion last finished, and what it did (the admin home's system
block reads it). Kept in the cache without expiry: a lost entry only reads as "never"."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.dateparse import parse_datetime


def _key(source: str) -> str:
    return f"ingest:last:{source}"


def ingestion_run_record(*, source: str, what: str, summary: Mapping[str, Any]) -> None:
    cache.set(
        _key(source),
        {"at": timezone.now().isoformat(), "what": what, "summary": dict(summary)},
        timeout=None,
    )


def ingestion_last_runs(sources: Iterable[str]) -> dict[str, dict[str, Any] | None]:
    """Per provider: the last finished run (`at` as a datetime, `what`, `summary`) or None."""
    names = list(sources)
    found = cache.get_many([_key(s) for s in names])
    out: dict[str, dict[str, Any] | None] = {}
    for source in names:
        entry = found.get(_key(source))
        if not isinstance(entry, dict) or not isinstance(entry.get("at"), str):
            out[source] = None
            continue
        at = parse_datetime(entry["at"])
        out[source] = {**entry, "at": at} if at is not None else None
    return out
