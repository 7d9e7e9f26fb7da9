"""The plain shape every provider client returns for a title (no Django models here)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from apps.core.numbers import parse_int as core_parse_int

_DIGIT = re.compile(r"[0-9]")


@dataclass(frozen=True)
class SourceTitle:
    """A title as one source describes it, in our vocabulary: kind movie/tv/anime, ISO codes,
    field names of catalog.Content in `values`, provider genre names in `genres`."""

    source: str
    source_key: str
    kind: str
    title: str
    values: dict[str, Any] = field(default_factory=dict)
    genres: tuple[str, ...] = ()
    titles: dict[str, str] = field(default_factory=dict)
    overviews: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. TMDB watch providers, MAL members

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "source_key": self.source_key,
            "kind": self.kind,
            "title": self.title,
            "values": {
                k: v.isoformat() if isinstance(v, date) else v for k, v in self.values.items()
            },
            "genres": list(self.genres),
            "titles": self.titles,
            "overviews": self.overviews,
        }


@dataclass(frozen=True)
class Page:
    items: list[SourceTitle]
    page: int
    total_pages: int


def parse_date(value: Any) -> date | None:
    """'2022-03-24', '2022-03-24T00:00:00+00:00' or '24 Mar 2022'; None when absent or invalid."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    from datetime import datetime

    try:
        return datetime.strptime(text, "%d %b %Y").date()  # noqa: DTZ007 (a calendar date, no time)
    except ValueError:
        return None


def parse_int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return int(value)
    # ASCII digits only ("1,234 votes" -> 1234): str.isdigit() keeps "²", which int() rejects
    return core_parse_int("".join(_DIGIT.findall(str(value))))


def parse_float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(str(value).split("/")[0].replace(",", "").rstrip("%"))
    except ValueError:
        return None
