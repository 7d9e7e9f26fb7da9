"""Loads the shipped 2021-era OTT catalogues (demo/README.md) as historical Availability rows,
joined to the catalogue by normalised title + year + kind. A row whose title has several equally
good catalogue matches is skipped, never guessed. Idempotent (ignore_conflicts)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from django.db import transaction

from apps.catalog.list_cache import catalog_cache_bump
from apps.catalog.models import Content
from apps.catalog.text import normalize_title
from apps.core.vocabulary import INDIAN_LANGUAGES
from apps.ott.models import Availability, Monetisation, Platform

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "ott_catalogues.csv.gz"
# When each snapshot was taken: the newest date_added in the file (Netflix, Prime, Disney+,
# Hulu); the newest release year for Hotstar (no dates; titles up to 2023) and the multi-platform
# file (2021 Kaggle release). Cards show the year only.
AS_OF = {
    "ott-hotstar": date(2023, 1, 1),
    "ott-netflix": date(2021, 9, 25),
    "ott-prime": date(2021, 10, 10),
    "ott-disneyplus": date(2021, 11, 26),
    "ott-hulu": date(2021, 10, 24),
    "ott-multi-platform-tvshows": date(2021, 1, 1),
}
MATCH_KINDS = {"movie": ("movie", "anime"), "tv": ("tv", "anime")}

Key = tuple[str, str]  # (kind, normalised title)


@dataclass
class DatasetMatch:
    rows: int = 0
    matched: int = 0
    ambiguous: int = 0
    unmatched: int = 0
    matched_indian: int = 0

    @property
    def rate(self) -> float:
        return self.matched / self.rows if self.rows else 0.0


@dataclass
class DemoAvailabilityStats:
    datasets: dict[str, DatasetMatch] = field(default_factory=lambda: defaultdict(DatasetMatch))
    created: int = 0

    def lines(self) -> list[str]:
        return [
            f"{name}: {m.matched}/{m.rows} matched ({m.rate:.1%}), {m.ambiguous} ambiguous skipped, "
            f"{m.unmatched} not in the catalogue; {m.matched_indian} of the matches are Indian-language titles"
            for name, m in sorted(self.datasets.items())
        ]


def _catalogue_index() -> dict[Key, list[tuple[int, int | None, str]]]:
    index: dict[Key, list[tuple[int, int | None, str]]] = defaultdict(list)
    rows = Content.objects.values_list(
        "id", "kind", "normalized_title", "year", "original_language"
    )
    for pk, kind, title, year, language in rows:
        for wanted, kinds in MATCH_KINDS.items():
            if kind in kinds:
                index[(wanted, title)].append((pk, year, language))
    return index


def match_row(
    candidates: list[tuple[int, int | None, str]], kind: str, year: int
) -> tuple[str, tuple[int, str] | None]:
    """('matched', (id, language)) | ('ambiguous', None) | ('unmatched', None).

    Movies: the same year, else one year apart (release years differ between sources).
    TV: the catalogue has the first-air year, the platforms the latest season's: a show that
    started in or before the listed year."""
    if kind == "movie":
        tiers = [[c for c in candidates if c[1] == year]]
        tiers.append([c for c in candidates if c[1] is not None and abs(c[1] - year) == 1])
    else:
        tiers = [[c for c in candidates if c[1] is not None and c[1] <= year]]
    for tier in tiers:
        if len(tier) == 1:
            return "matched", (tier[0][0], tier[0][2])
        if len(tier) > 1:
            return "ambiguous", None
    return "unmatched", None


def load_demo_availability(path: Path = DEMO_FILE) -> DemoAvailabilityStats:
    """Historical offers from the shipped catalogues; safe to run again."""
    stats = DemoAvailabilityStats()
    frame = pd.read_csv(path, dtype={"title": str}, keep_default_na=False)
    platforms = {p.slug: p for p in Platform.objects.filter(slug__in=set(frame["platform"]))}
    index = _catalogue_index()
    rows: list[Availability] = []
    for dataset, platform, country, kind, title, year in frame.itertuples(index=False):
        result = stats.datasets[dataset]
        result.rows += 1
        outcome, hit = match_row(index.get((kind, normalize_title(title)), []), kind, int(year))
        setattr(result, outcome, getattr(result, outcome) + 1)
        if hit is None or platform not in platforms:
            continue
        content_id, language = hit
        result.matched_indian += language in INDIAN_LANGUAGES
        rows.append(
            Availability(
                content_id=content_id,
                platform=platforms[platform],
                country=country,
                monetisation=Monetisation.FLATRATE,
                source=f"dataset:{dataset} {AS_OF[dataset].year}",
                as_of=AS_OF[dataset],
                historical=True,
            )
        )
    before = Availability.objects.count()
    with transaction.atomic():
        Availability.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    stats.created = Availability.objects.count() - before
    if stats.created:
        catalog_cache_bump()
    return stats
