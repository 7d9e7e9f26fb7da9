"""Scheduled refresh of stale TMDB offers (celery-beat: ott-refresh-stale-daily)."""

from celery import shared_task

from apps.catalog.tasks import RETRY
from apps.ott import services


@shared_task(name="ott.refresh_stale", **RETRY)
def refresh_stale(limit: int = 200) -> dict[str, object]:
    return services.refresh_stale_availability(limit=limit).as_dict()
