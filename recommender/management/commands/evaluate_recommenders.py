"""Offline evaluation with the protocols of docs/algorithms.md (rank-v1, rating-v1) on any ratings file."""

from __future__ import annotations

import json
import logging
from argparse import ArgumentParser
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from recommender.algorithms.base import ItemFeatures
from recommender.evaluation.data import Ratings, read_ratings
from recommender.evaluation.items import read_item_features
from recommender.evaluation.runner import Result, evaluate_rank, evaluate_rating
from recommender.evaluation.suite import (
    NEEDS_ITEM_FEATURES,
    RANK_DEFAULT,
    RANK_FACTORIES,
    RATING_DEFAULT,
    RATING_FACTORIES,
)

RANK_COLUMNS = ("P@10", "R@10", "NDCG@10", "MAP@10", "HR@10", "coverage", "novelty")


class Command(BaseCommand):
    help = "Evaluate recommenders on a ratings file (user, item, rating[, timestamp]) and print a table."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--ratings", required=True, help="ratings file: tab or comma separated, header line"
        )
        parser.add_argument("--items", help="optional item metadata (genres, year, language, ...)")
        parser.add_argument("--protocol", choices=["rank-v1", "rating-v1", "both"], default="both")
        parser.add_argument(
            "--algorithms", help="comma-separated names (default: all for the protocol)"
        )
        parser.add_argument("--json", dest="json_out", help="write the results here as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("recommender").setLevel(logging.WARNING)
        path = Path(options["ratings"])
        if not path.is_file():
            raise CommandError(f"no ratings file at {path}")
        try:
            data = read_ratings(path)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        features = read_item_features(options["items"], data.item_ids) if options["items"] else None
        self.stdout.write(
            f"{path.name}: {data.n_users} users, {data.n_items} items, {len(data)} ratings"
        )
        chosen = (
            [a.strip() for a in options["algorithms"].split(",")] if options["algorithms"] else None
        )
        results: list[Result] = []
        skipped: dict[str, str] = {}
        if options["protocol"] in ("rank-v1", "both"):
            results += self._rank(data, features, chosen, skipped)
        if options["protocol"] in ("rating-v1", "both"):
            results += self._rating(data, chosen, skipped)
        if options["json_out"]:
            payload = {
                "dataset": {
                    "file": path.name,
                    "users": data.n_users,
                    "items": data.n_items,
                    "ratings": len(data),
                },
                "results": [asdict(r) for r in results],
                "skipped": skipped,
            }
            Path(options["json_out"]).write_text(json.dumps(payload, indent=2))

    def _rank(
        self,
        data: Ratings,
        features: ItemFeatures | None,
        chosen: list[str] | None,
        skipped: dict[str, str],
    ) -> list[Result]:
        names = chosen or list(RANK_DEFAULT)
        unknown = [n for n in names if n not in RANK_FACTORIES and n not in RATING_FACTORIES]
        if unknown:
            raise CommandError(
                f"unknown algorithms: {', '.join(unknown)}; known: {', '.join(sorted(RANK_FACTORIES))}"
            )
        self.stdout.write(
            "\nrank-v1\n| algorithm | " + " | ".join(RANK_COLUMNS) + " | s | peak MB |"
        )
        self.stdout.write("|---" * (len(RANK_COLUMNS) + 3) + "|")
        results = []
        for name in (n for n in names if n in RANK_FACTORIES):
            if name in NEEDS_ITEM_FEATURES and features is None:
                skipped[f"rank-v1/{name}"] = "needs item features (--items)"
                continue
            try:
                result = evaluate_rank(name, RANK_FACTORIES[name], data, item_features=features)
            except ValueError as exc:  # the data lacks what the algorithm needs
                skipped[f"rank-v1/{name}"] = str(exc)
                self.stdout.write(f"| {name} | skipped: {exc} |")
                continue
            cells = " | ".join(
                f"{result.metrics[c]:.3f}" if c != "novelty" else f"{result.metrics[c]:.2f}"
                for c in RANK_COLUMNS
            )
            self.stdout.write(f"| {name} | {cells} | {result.seconds:.1f} | {result.peak_mb:.0f} |")
            results.append(result)
        return results

    def _rating(
        self, data: Ratings, chosen: list[str] | None, skipped: dict[str, str]
    ) -> list[Result]:
        names = [n for n in (chosen or RATING_DEFAULT) if n in RATING_FACTORIES]
        self.stdout.write(
            "\nrating-v1\n| algorithm | RMSE | MAE | fit s | peak MB |\n|---|---|---|---|---|"
        )
        results = []
        for name in names:
            result = evaluate_rating(name, RATING_FACTORIES[name], data)
            self.stdout.write(
                f"| {name} | {result.metrics['RMSE']:.4f} | {result.metrics['MAE']:.4f} | {result.seconds:.1f} | {result.peak_mb:.0f} |"
            )
            results.append(result)
        return results
