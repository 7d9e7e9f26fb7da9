"""SYNTHETIC offers for the SYNTHETIC catalogue (apps/catalog/synthetic_load.py), by COPY.

Popular titles are more often on a platform: a title has offers with probability
0.2 + popularity / 20 (capped at 1), so about a fifth of the long tail and every title of the
head. Each has one to three platforms among those serving India, chosen three times as often
when the platform is strong in the title's language; a third of them are also offered in the
US. Every row says `source="synthetic"`.
"""

from __future__ import annotations

import json

import numpy as np
from django.db import connection
from django.utils import timezone

from apps.catalog.synthetic_load import indexes_rebuilt_after
from apps.ott.models import Availability, Monetisation, Platform

SOURCE = "synthetic"
_MONETISATION = {
    "subscription": Monetisation.FLATRATE,
    "free": Monetisation.FREE,
    "ads": Monetisation.ADS,
    "store": Monetisation.RENT,
}


def _platforms(country: str) -> list[tuple[int, str, set[str]]]:
    rows = Platform.objects.values_list("id", "kind", "countries", "strong_languages")
    return [
        (pid, str(_MONETISATION[kind]), set(strong))
        for pid, kind, countries, strong in rows
        if not countries or country in countries
    ]


def _pick(
    rng: np.random.Generator, platforms: list[tuple[int, str, set[str]]], language: str
) -> list[tuple[int, str]]:
    weights = np.array([3.0 if language in strong else 1.0 for _, _, strong in platforms])
    count = min(int(rng.integers(1, 4)), len(platforms))
    picks = rng.choice(len(platforms), size=count, replace=False, p=weights / weights.sum())
    return [(platforms[int(i)][0], platforms[int(i)][1]) for i in picks]


def write_offers(*, first_id: int, seed: int) -> int:
    """Offers for the SYNTHETIC titles with ids from `first_id`; returns how many rows."""
    rng = np.random.default_rng([seed, 2])
    by_country = {country: _platforms(country) for country in ("IN", "US")}
    table = Availability._meta.db_table
    now = timezone.now()
    columns = (
        "created_at, updated_at, content_id, platform_id, country, monetisation, quality, "
        "currency, deep_link, audio_languages, subtitle_languages, source, as_of, historical, "
        "curated"
    )
    constant = (
        "hd",
        "",
        "",
        json.dumps([]),
        json.dumps([]),
        SOURCE,
        timezone.localdate(),
        False,
        False,
    )
    titles = connection.cursor()
    titles.execute(
        "SELECT id, original_language, popularity FROM catalog_content WHERE id >= %s ORDER BY id",
        [first_id],
    )
    written = 0
    copy_sql = f"COPY {table} ({columns}) FROM STDIN"
    with (
        indexes_rebuilt_after([table]),
        connection.cursor() as cursor,
        cursor.cursor.copy(copy_sql) as copy,
    ):
        while rows := titles.fetchmany(50_000):
            for cid, language, popularity in rows:
                if rng.random() >= 0.2 + popularity / 20:
                    continue
                countries = ("IN", "US") if rng.random() < 1 / 3 else ("IN",)
                for country in countries:
                    for pid, money in _pick(rng, by_country[country], language):
                        copy.write_row((now, now, cid, pid, country, money, *constant))
                        written += 1
    titles.close()
    return written
