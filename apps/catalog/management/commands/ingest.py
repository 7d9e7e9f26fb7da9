"""manage.py ingest --source tmdb|jikan|omdb|youtube --what ... for operators."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.catalog.services.ingestion import INGESTERS
from apps.integrations.exceptions import IntegrationError


class Command(BaseCommand):
    help = "Ingest titles from a provider now (the same services the scheduled tasks run)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--source", required=True, choices=sorted(INGESTERS))
        parser.add_argument(
            "--what", help="; ".join(f"{s}: {', '.join(w)}" for s, w in INGESTERS.items())
        )
        parser.add_argument("--pages", type=int, help="result pages to fetch (lists)")
        parser.add_argument(
            "--limit", type=int, help="titles to refresh (details, ratings, trailers)"
        )
        parser.add_argument(
            "--language", action="append", help="regional discover: ISO 639-1, repeatable"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = INGESTERS[options["source"]]
        what = options["what"] or next(iter(jobs))
        if what not in jobs:
            raise CommandError(f"--what for {options['source']} is one of: {', '.join(jobs)}")
        kwargs: dict[str, Any] = {}
        if options["pages"]:
            kwargs["pages"] = options["pages"]
        if options["limit"]:
            kwargs["limit"] = options["limit"]
        if options["language"]:
            kwargs["languages"] = options["language"]
        try:
            summary = jobs[what](**kwargs)
        except (IntegrationError, TypeError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(summary.as_dict()))
