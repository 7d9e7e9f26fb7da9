"""manage.py load_demo: the real demo catalogue and ratings (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from apps.catalog.demo_loader import load_demo
from apps.catalog.models import MatchReview
from apps.ott.demo_loader import load_demo_availability

STEPS = 6


class Command(BaseCommand):
    help = "Load the demo catalogue (MovieLens, anime, Indian films, TV series) and real ratings."

    def handle(self, *args: Any, **options: Any) -> None:
        with tqdm(total=STEPS, desc="demo data", unit="step", file=self.stderr._out) as bar:

            def step(name: str) -> None:
                bar.set_postfix_str(name)
                bar.update(1)

            stats = load_demo(progress=step)
            bar.update(STEPS - bar.n)
        offers = load_demo_availability()  # where to watch, 2021-era catalogues (apps/ott)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {stats.titles} new titles, {stats.users} new users, {stats.ratings} new ratings, "
                f"{MatchReview.objects.filter(status='pending').count()} ambiguous matches waiting for curators, "
                f"in {stats.seconds:.1f}s."
            )
        )
        self.stdout.write(f"Where to watch (historical snapshots): {offers.created} new offers")
        for line in offers.lines():
            self.stdout.write(f"  {line}")
