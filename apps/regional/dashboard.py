"""Regional's block on the curators' admin home (apps/core/dashboard.py): the coming festivals
and the titles pinned to their collections."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.dashboard import DashboardBlock
from apps.regional.festivals import festivals_upcoming
from apps.regional.models import FestivalPin

SHOWN = 6


def festivals_summary() -> dict[str, Any]:
    """Current and coming festivals anywhere in India with their pins. Two queries."""
    coming = festivals_upcoming(on=timezone.localdate(), state=None)[:SHOWN]
    pins: dict[int, list[FestivalPin]] = defaultdict(list)
    for pin in FestivalPin.objects.filter(festival__in=[o.festival for o in coming]).select_related(
        "content"
    ):
        pins[pin.festival_id].append(pin)
    return {"festivals": [{"occurrence": o, "pins": pins[o.festival.pk]} for o in coming]}


FESTIVALS_BLOCK = DashboardBlock(
    "festivals", _("Coming festivals"), "regional.view_festival", festivals_summary, order=30
)
