"""manage.py generate_synthetic: SYNTHETIC users, titles and signals for scale tests (issue 25).

    manage.py generate_synthetic --preset 1m --out var/synthetic/1m     # .npz shards
    manage.py generate_synthetic --preset 100k --database                # COPY into this database

Nothing it makes is real; benchmark rows built on it say SYNTHETIC and claim no quality.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.core.exceptions import ApplicationError
from recommender.synthetic import PRESETS, SyntheticConfig
from recommender.synthetic_store import write_database, write_files


class Command(BaseCommand):
    help = "Generate SYNTHETIC interactions (Zipf titles, heavy-tailed users, taste clusters)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--preset", choices=sorted(PRESETS), help="users x titles by name")
        parser.add_argument("--users", type=int, help="number of users (overrides the preset)")
        parser.add_argument("--titles", type=int, help="number of titles (overrides the preset)")
        parser.add_argument(
            "--interactions-per-user", type=float, default=50.0, help="mean signals per user"
        )
        parser.add_argument("--clusters", type=int, default=20, help="latent taste clusters")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--chunk-users", type=int, default=100_000)
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--out", type=Path, help="directory for .npz shards and a manifest")
        target.add_argument(
            "--database", action="store_true", help="COPY into this (PostgreSQL) database"
        )
        parser.add_argument(
            "--allow-mixed",
            action="store_true",
            help="load even though the database holds real users (never on a live site)",
        )
        parser.add_argument(
            "--trust-references",
            action="store_true",
            help="skip per-row foreign-key triggers while loading signals (superuser only)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        users, titles = PRESETS.get(options["preset"] or "", (None, None))
        users = options["users"] or users
        titles = options["titles"] or titles
        if not users or not titles:
            raise CommandError("Give --preset or both --users and --titles.")
        try:
            config = SyntheticConfig(
                n_users=users,
                n_items=titles,
                mean_per_user=options["interactions_per_user"],
                n_clusters=options["clusters"],
                seed=options["seed"],
                chunk_users=options["chunk_users"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        started = time.perf_counter()
        try:
            if options["out"]:
                written = write_files(config, options["out"])
            else:
                written = write_database(
                    config,
                    allow_mixed=options["allow_mixed"],
                    trust_references=options["trust_references"],
                )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"SYNTHETIC: {written.users:,} users x {written.titles:,} titles, "
                f"{written.interactions:,} signals ({written.ratings:,} ratings, "
                f"{written.watchlist:,} watchlist, {written.favorites:,} favourites) "
                f"in {time.perf_counter() - started:.1f}s"
            )
        )
