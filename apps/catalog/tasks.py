"""Scheduled ingestion (celery-beat, see CELERY_BEAT_SCHEDULE): each task calls one service."""

from typing import Any

from celery import shared_task

from apps.catalog.ingest_runs import ingestion_run_record
from apps.catalog.services import ingestion
from apps.integrations.exceptions import TransientIntegrationError

RETRY = {
    "autoretry_for": (TransientIntegrationError,),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 3,
}


@shared_task(name="catalog.ingest", **RETRY)
def ingest(source: str, what: str, **kwargs: Any) -> dict[str, object]:
    summary = ingestion.INGESTERS[source][what](**kwargs).as_dict()
    ingestion_run_record(source=source, what=what, summary=summary)
    return summary
