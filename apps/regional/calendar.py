"""Festival dates from the `holidays` package (India, with state subdivisions and optional days)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays

CATEGORIES = ("public", "optional")
_SUFFIXES = (" (estimated)", "* (estimated)")


def _clean(name: str) -> str:
    for suffix in _SUFFIXES:
        name = name.removesuffix(suffix)
    return name.strip()


@lru_cache(maxsize=128)
def holiday_dates(year: int, subdiv: str | None) -> dict[str, tuple[date, ...]]:
    """Every holiday name of the year (one per entry of the package's '; '-joined names) -> dates."""
    table: dict[str, list[date]] = {}
    calendar = holidays.country_holidays("IN", subdiv=subdiv, years=year, categories=CATEGORIES)
    for day, names in sorted(calendar.items()):
        for name in str(names).split("; "):
            table.setdefault(_clean(name), []).append(day)
    return {name: tuple(days) for name, days in table.items()}


def festival_dates(names: list[str], years: list[int], subdiv: str | None) -> list[date]:
    """The first day of each occurrence of a festival known under any of `names`, sorted."""
    found: set[date] = set()
    for year in years:
        table = holiday_dates(year, subdiv)
        for name in names:
            days = table.get(name, ())
            if days:
                found.add(days[0])
    return sorted(found)
