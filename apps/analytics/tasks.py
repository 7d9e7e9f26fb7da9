"""Analytics beat tasks."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from apps.analytics.rollups import rollup_range


@shared_task(name="analytics.rollup_daily", acks_late=True)
def rollup_daily(days: int = 2) -> dict[str, int]:
    """Recompute the last `days` days (yesterday is final, today so far is provisional)."""
    today = timezone.now().date()
    return rollup_range(start=today - timedelta(days=days - 1), end=today)
