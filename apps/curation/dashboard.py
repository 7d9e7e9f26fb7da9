"""Curation's blocks on the curators' admin home (apps/core/dashboard.py): what is featured
now per language and region, what expires soon, and the Telegram queue."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.dashboard import DashboardBlock
from apps.curation.models import FeaturedItem, TelegramPost

EXPIRES_SOON = timedelta(days=7)
LIVE_SHOWN = 12
FAILURES_SHOWN = 5


def featured_summary() -> dict[str, Any]:
    """Live slots (counted per targeted language and state; empty targeting is "all") and those
    ending within EXPIRES_SOON. One query."""
    now = timezone.now()
    live = list(
        FeaturedItem.objects.filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now), starts_at__lte=now
        )
        .select_related("content")
        .only("slot", "languages", "states", "ends_at", "content__title")
        .order_by("ends_at", "slot", "order", "id")
    )
    by_language = Counter(code for item in live for code in (item.languages or ["*"]))
    by_state = Counter(code for item in live for code in (item.states or ["*"]))
    return {
        "count": len(live),
        "by_language": sorted(by_language.items()),
        "by_state": sorted(by_state.items()),
        "items": live[:LIVE_SHOWN],
        "expiring": [i for i in live if i.ends_at is not None and i.ends_at - now <= EXPIRES_SOON],
    }


def telegram_summary() -> dict[str, Any]:
    """Posts scheduled (pending or sending), sent and failed, with the last failures' reasons.
    Two queries."""
    status = TelegramPost.Status
    counts = TelegramPost.objects.aggregate(
        scheduled=Count("id", filter=Q(status__in=(status.PENDING, status.SENDING))),
        sent=Count("id", filter=Q(status=status.SENT)),
        failed=Count("id", filter=Q(status=status.FAILED)),
    )
    failures = list(
        TelegramPost.objects.filter(status=status.FAILED)
        .select_related("content", "collection")
        .only(
            "channel", "campaign", "last_error", "updated_at", "content__title", "collection__title"
        )
        .order_by("-updated_at", "-id")[:FAILURES_SHOWN]
    )
    return {**counts, "failures": failures}


def telegram_provider_fact() -> dict[str, Any]:
    """The analytics system panel's providers.telegram (apps/core/system_facts.py). One query."""
    posts = TelegramPost.objects.aggregate(
        last_success=Max("sent_at"),
        last_failure=Max("updated_at", filter=Q(status=TelegramPost.Status.FAILED)),
    )
    return {
        "telegram": {
            "configured": bool(settings.TELEGRAM_BOT_TOKEN and settings.TELEGRAM_CHANNEL_ID),
            "last_success": posts["last_success"] and posts["last_success"].isoformat(),
            "last_failure": posts["last_failure"] and posts["last_failure"].isoformat(),
        }
    }


FEATURED_BLOCK = DashboardBlock(
    "featured", _("Featured now"), "curation.view_featureditem", featured_summary, order=20
)
TELEGRAM_BLOCK = DashboardBlock(
    "telegram", _("Telegram queue"), "curation.view_telegrampost", telegram_summary, order=40
)
