"""Who is looking at a page: the signed-in person (`viewer`), the request's viewing context
(apps/core/viewing.py: from where, on which services) and the "only my services" switch the
homepage and browse pages share (`viewing`), and the cards' where-to-watch line."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.http import HttpRequest

from apps.accounts.models import User
from apps.catalog.cards import title_cards
from apps.core.viewing import viewing_of
from apps.web.cards import Card

SESSION_MINE = "web_only_mine"


def viewer(request: HttpRequest) -> User | None:
    """The signed-in person looking at a page, or None for a visitor."""
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


@dataclass(frozen=True)
class MyServices:
    """The "only my services" switch: offered once the person has chosen services; when it is
    on, `platforms` is the filter (those services, plus free titles), else None (every title)."""

    offered: bool
    platforms: tuple[str, ...] | None


def only_mine(request: HttpRequest) -> bool:
    """`?mine=1` / `?mine=0` switches "only my services"; the choice holds for the visit."""
    asked = request.GET.get("mine")
    if asked in ("0", "1"):
        wanted = asked == "1"
        if request.session.get(SESSION_MINE) != wanted:
            request.session[SESSION_MINE] = wanted
        return wanted
    return bool(request.session.get(SESSION_MINE, False))


def my_services(request: HttpRequest) -> MyServices:
    """The switch for this request, from the viewing context's services (apps/core/viewing.py)."""
    mine = viewing_of(request).services
    return MyServices(bool(mine), tuple(mine) if mine and only_mine(request) else None)


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
