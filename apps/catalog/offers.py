"""Where to watch, as the catalogue sees it: the calls apps.ott answers for lists and cards.

The catalogue sits below apps.ott, so it does not import it: ott registers its implementation
here at `OttConfig.ready()` (docs/catalog.md, "Where to watch"), as Django's admin site is filled
by the apps above it. Catalogue filters, cards and the API's platform validation call `offers()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q


@dataclass(frozen=True)
class Offers:
    # a Content filter: on one of these platforms in this country, or free there (a subquery)
    available_q: Callable[[tuple[str, ...], str], Q]
    # the ids of the same titles, cached per catalogue version
    allowed_ids: Callable[[tuple[str, ...], str], frozenset[int]]
    # {id: {text, platforms, historical, justwatch}} of a page of titles in a country
    summaries: Callable[[list[int], str], dict[int, dict[str, Any]]]
    # every platform's slug (what `platforms=` may name)
    platform_slugs: Callable[[], frozenset[str]]
    # a title's offers in every country, the details endpoint's `availability`
    by_country: Callable[[int], dict[str, Any]]


_REGISTERED: list[Offers] = []


def offers_register(implementation: Offers) -> None:
    _REGISTERED[:] = [implementation]


def offers() -> Offers:
    if not _REGISTERED:
        raise ImproperlyConfigured("No where-to-watch implementation: is apps.ott installed?")
    return _REGISTERED[0]
