"""Analytics' blocks on the curators' admin home (apps/core/dashboard.py): system health and
the searches that found nothing (a curator's to-do list)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.analytics.models import SearchQuery
from apps.analytics.system import queue_lengths
from apps.catalog.ingest_runs import ingestion_last_runs
from apps.catalog.services.ingestion import INGESTERS
from apps.core.dashboard import DashboardBlock
from apps.core.health import CHECKS
from apps.core.heartbeat import worker_heartbeat

ZERO_RESULT_DAYS = 30
ZERO_RESULT_SHOWN = 10


def system_health() -> dict[str, Any]:
    """The readiness checks, queue lengths, the workers' heartbeat and each provider's last
    ingestion. One database query (the check itself)."""
    return {
        "checks": [(name, check()) for name, check in CHECKS.items()],
        "queues": queue_lengths(),
        "eager": settings.CELERY_TASK_ALWAYS_EAGER,
        "heartbeat": worker_heartbeat(),
        "ingestion": sorted(ingestion_last_runs(INGESTERS).items()),
    }


def zero_result_searches() -> dict[str, Any]:
    """The most asked searches of the last ZERO_RESULT_DAYS that found nothing. One query."""
    since = timezone.now() - timedelta(days=ZERO_RESULT_DAYS)
    rows = (
        SearchQuery.objects.filter(result_count=0, created_at__gte=since)
        .annotate(text=Lower("query"))
        .values("text")
        .annotate(times=Count("id"), last=Max("created_at"))
        .order_by("-times", "-last", "text")[:ZERO_RESULT_SHOWN]
    )
    return {"days": ZERO_RESULT_DAYS, "searches": list(rows)}


SYSTEM_BLOCK = DashboardBlock(
    "system", _("System health"), "analytics.view_dailymetric", system_health, order=60
)
ZERO_RESULTS_BLOCK = DashboardBlock(
    "zero-results",
    _("Searches with no results"),
    "analytics.view_searchquery",
    zero_result_searches,
    order=15,
)
