"""Curators' "find at TMDB / Jikan and import": the provider's search through the same
ingestion and merge path as the scheduled imports (apps/catalog/services)."""

from __future__ import annotations

from django.db import transaction

from apps.accounts.models import User
from apps.catalog.services.ingestion import IngestSummary, ingest_titles
from apps.core.exceptions import ApplicationError
from apps.curation.services.audit import audit_record
from apps.integrations.exceptions import IntegrationError, IntegrationNotConfigured
from apps.integrations.jikan import jikan_client_get
from apps.integrations.tmdb import tmdb_client_get

PROVIDERS = ("tmdb", "jikan")


def provider_import(
    *, actor: User | None, provider: str, query: str, limit: int = 5
) -> IngestSummary:
    """Search the provider and ingest its first `limit` results (created, merged or queued)."""
    if provider not in PROVIDERS:
        raise ApplicationError("Unknown provider.", details={"provider": provider})
    try:
        if provider == "tmdb":
            items = tmdb_client_get().search(query=query).items[:limit]
        else:
            items = jikan_client_get().search(query=query).items[:limit]
    except IntegrationNotConfigured as exc:
        raise ApplicationError(
            f"{provider.upper()} is not configured: {exc}",
            code="provider_not_configured",
            status_code=409,
        ) from exc
    except IntegrationError as exc:
        raise ApplicationError(
            f"{provider.upper()} did not answer: {exc}", code="provider_failed", status_code=502
        ) from exc
    summary = ingest_titles(provider, items)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="import",
            target_type="provider",
            target_id=provider,
            payload={"query": query, **summary.as_dict()},
        )
    return summary
