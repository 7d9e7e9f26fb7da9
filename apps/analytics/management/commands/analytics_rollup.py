"""Backfill daily rollups: `manage.py analytics_rollup --all` or `--from 2026-01-01 --to ...`.

`make run` calls `--all --if-missing`: the demo's history is rolled up once, and a second
`make run` (rollups already reach the first and the last day with activity) only checks."""

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Max, Min
from django.utils import timezone

from apps.accounts.models import Rating
from apps.analytics.models import DailyMetric, Interaction
from apps.analytics.rollups import rollup_range


def activity_span() -> tuple[date, date] | None:
    """The first and last day with interactions or ratings, or None when there are none."""
    spans = [
        Interaction.objects.aggregate(lo=Min("created_at"), hi=Max("created_at")),
        Rating.objects.aggregate(lo=Min("updated_at"), hi=Max("updated_at")),
    ]
    lows = [s["lo"].date() for s in spans if s["lo"]]
    highs = [s["hi"].date() for s in spans if s["hi"]]
    return (min(lows), max(highs)) if lows else None


def rollups_cover(start: date, end: date) -> bool:
    """Whether rollups exist for the first and the last day with activity (one query)."""
    days = DailyMetric.objects.aggregate(lo=Min("day"), hi=Max("day"))
    return bool(days["lo"] and days["lo"] <= start and days["hi"] >= end)


class Command(BaseCommand):
    help = "Recompute the daily analytics rollups for a range of days (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", type=date.fromisoformat)
        parser.add_argument("--to", dest="end", type=date.fromisoformat)
        parser.add_argument("--all", action="store_true", help="every day with activity")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="with --all: do nothing when the rollups already reach the last day with activity",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        end: date = options["end"] or timezone.now().date()
        start: date = options["start"] or end - timedelta(days=29)
        if options["all"]:
            span = activity_span()
            if span is None:
                self.stdout.write("no activity to roll up")
                return
            start, end = span
            if options["if_missing"] and rollups_cover(start, end):
                self.stdout.write(f"analytics rollups are up to date ({start}..{end})")
                return
        written = rollup_range(start=start, end=end)
        self.stdout.write(f"rolled up {start}..{end}: {written}")
