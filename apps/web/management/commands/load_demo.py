"""manage.py load_demo: the real demo catalogue, ratings and where-to-watch offers (idempotent).

Each app loads its own part (the catalogue's titles and accounts' users and ratings through
`apps.accounts.demo_loader.load_demo`, then ott's offers); the command sits in the top layer,
which may import them all (docs/architecture.md)."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand
from django.urls import reverse
from tqdm import tqdm

from apps.accounts.demo_loader import load_demo
from apps.catalog.models import MatchReview
from apps.ott.demo_loader import load_demo_availability

STEPS = 6
# Ingestion logs each pair it queues for review (useful from the scheduled tasks); during the
# demo load the progress bar and the summary line below say it once.
QUIET = "apps.catalog.services.merge"


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    log = logging.getLogger(name)
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        log.setLevel(level)


class Command(BaseCommand):
    help = "Load the demo catalogue (MovieLens, anime, Indian films, TV series) and real ratings."

    def handle(self, *args: Any, **options: Any) -> None:
        with (
            _quiet(QUIET),
            tqdm(total=STEPS, desc="demo data", unit="step", file=self.stderr._out) as bar,
        ):

            def step(name: str) -> None:
                bar.set_postfix_str(name)
                bar.update(1)

            stats = load_demo(progress=step)
            bar.update(STEPS - bar.n)
        offers = load_demo_availability()  # where to watch, 2021-era catalogues (apps/ott)
        pending = MatchReview.objects.filter(status=MatchReview.Status.PENDING).count()
        queue = reverse("admin:catalog_matchreview_changelist") + "?status__exact=pending"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {stats.titles} new titles, {stats.users} new users, {stats.ratings} new ratings, "
                f"in {stats.seconds:.1f}s. {pending} ambiguous matches wait for curators: "
                f"the review queue on the admin home, or {queue}"
            )
        )
        self.stdout.write(f"Where to watch (historical snapshots): {offers.created} new offers")
        for line in offers.lines():
            self.stdout.write(f"  {line}")
