"""Backfill daily rollups: `manage.py analytics_rollup --all` or `--from 2026-01-01 --to ...`."""

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Max, Min
from django.utils import timezone

from apps.accounts.models import Rating
from apps.analytics.models import Interaction
from apps.analytics.rollups import rollup_range


class Command(BaseCommand):
    help = "Recompute the daily analytics rollups for a range of days (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", type=date.fromisoformat)
        parser.add_argument("--to", dest="end", type=date.fromisoformat)
        parser.add_argument("--all", action="store_true", help="every day with activity")

    def handle(self, *args: Any, **options: Any) -> None:
        end: date = options["end"] or timezone.now().date()
        start: date = options["start"] or end - timedelta(days=29)
        if options["all"]:
            spans = [
                Interaction.objects.aggregate(lo=Min("created_at"), hi=Max("created_at")),
                Rating.objects.aggregate(lo=Min("updated_at"), hi=Max("updated_at")),
            ]
            lows = [s["lo"].date() for s in spans if s["lo"]]
            highs = [s["hi"].date() for s in spans if s["hi"]]
            if not lows:
                self.stdout.write("no activity to roll up")
                return
            start, end = min(lows), max(highs)
        written = rollup_range(start=start, end=end)
        self.stdout.write(f"rolled up {start}..{end}: {written}")
