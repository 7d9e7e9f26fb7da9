"""manage.py generate_synthetic_catalogue: a SYNTHETIC catalogue for scale tests (issue 25).

    manage.py generate_synthetic_catalogue --titles 1000000 --seed 7

Titles in every script the site searches, their genres, and offers for a share of them, by COPY
into the current PostgreSQL database, which must hold no real user or title (docs/scale.md).
It lives in ott, not catalog, because it writes both apps' tables and ott stands above catalog.
Nothing it makes is real: benchmark rows built on it say SYNTHETIC.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.catalog.models import Content
from apps.catalog.synthetic_catalogue import CatalogueConfig
from apps.catalog.synthetic_load import vacuum_analyze, write_titles
from apps.core.exceptions import ApplicationError
from apps.ott.models import Availability
from apps.ott.synthetic_offers import write_offers


class Command(BaseCommand):
    help = "Generate a SYNTHETIC catalogue (titles in every script, genres, offers) by COPY."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--titles", type=int, required=True, help="number of titles")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--chunk", type=int, default=100_000, help="titles per COPY batch")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            config = CatalogueConfig(
                titles=options["titles"], seed=options["seed"], chunk=options["chunk"]
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        started = time.perf_counter()
        try:
            first, titles, links = write_titles(config)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        loaded = time.perf_counter()
        offers = write_offers(first_id=first, seed=config.seed)
        offered = time.perf_counter()
        vacuum_analyze(
            [
                Content._meta.db_table,
                Content.genres.through._meta.db_table,
                Availability._meta.db_table,
            ]
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"SYNTHETIC catalogue: {titles:,} titles, {links:,} genre links in "
                f"{loaded - started:.0f}s; {offers:,} offers in {offered - loaded:.0f}s; "
                f"vacuum analyze {time.perf_counter() - offered:.0f}s"
            )
        )
