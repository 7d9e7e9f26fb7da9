"""The catalogue's block on the curators' admin home: the review queue (apps/core/dashboard.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import MatchReview
from apps.core.dashboard import DashboardBlock


def review_queue_summary() -> dict[str, Any]:
    """Pending pairs: how many, since when, and the oldest one (the next to decide). 2 queries."""
    pending = MatchReview.objects.filter(status=MatchReview.Status.PENDING)
    totals = pending.aggregate(count=Count("id"), oldest=Min("created_at"))
    following = (
        pending.order_by("created_at", "id")
        .values("id", "source_key", "score", "reason", "match_id", "match__title")
        .first()
    )
    return {"count": totals["count"], "oldest": totals["oldest"], "next": following}


REVIEW_QUEUE_BLOCK = DashboardBlock(
    "review-queue", _("Review queue"), "catalog.view_matchreview", review_queue_summary, order=10
)
