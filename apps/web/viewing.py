"""The site's view of the request's viewing context (apps/core/viewing.py: who, from where, on
which services) plus the "only my services" switch the homepage and browse pages share."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.http import HttpRequest

from apps.catalog.cards import title_cards
from apps.core.viewing import ViewingContext, viewing_of
from apps.web.cards import Card

SESSION_MINE = "web_only_mine"


@dataclass(frozen=True)
class Viewing:
    location: ViewingContext  # the request's one viewing context (apps/core/viewing.py)
    country: str  # where offers are looked up
    platforms: tuple[str, ...] | None  # None: every title; else the user's services + free
    has_platforms: bool  # the user has chosen services (the switch is offered)

    @property
    def located(self) -> bool:
        """The location came from the DB-IP database: its attribution must be shown."""
        return self.location.attribution is not None


def only_mine(request: HttpRequest) -> bool:
    """`?mine=1` / `?mine=0` switches "only my services"; the choice holds for the visit."""
    asked = request.GET.get("mine")
    if asked in ("0", "1"):
        wanted = asked == "1"
        if request.session.get(SESSION_MINE) != wanted:
            request.session[SESSION_MINE] = wanted
        return wanted
    return bool(request.session.get(SESSION_MINE, False))


def viewing(request: HttpRequest) -> Viewing:
    location = viewing_of(request)
    mine = location.services
    platforms = tuple(mine) if mine and only_mine(request) else None
    return Viewing(location, location.country, platforms, bool(mine))


def with_availability(cards: list[Card], country: str) -> list[Card]:
    """The cards with a compact "where to watch" line when offers exist, from the catalogue's
    card loader (cached per title, country and language); cards that came with theirs (a
    recommendation's) keep it."""
    wanted = [c.id for c in cards if not c.where_loaded]
    if not wanted:
        return cards
    loaded = {t.id: t for t in title_cards(wanted, country=country, include_hidden=True)}
    return [_with_where(c, loaded[c.id].where_to_watch) if c.id in loaded else c for c in cards]


def _with_where(card: Card, summary: dict[str, Any] | None) -> Card:
    if summary is None:
        return replace(card, where_loaded=True)
    where, justwatch = str(summary["text"]), bool(summary["justwatch"])
    return replace(card, where=where, justwatch=justwatch, where_loaded=True)
