"""Who is looking, from where, on which services: the visitor's location (apps.regional), the
country offers are shown for, and the "only my services" switch (apps.ott) that the homepage and
browse pages share."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.http import HttpRequest

from apps.ott.selectors import availability_summaries, user_platform_slugs, visitor_country
from apps.regional.selectors import VisitorContext, visitor_context
from apps.web.cards import Card
from apps.web.viewer import viewer

SESSION_MINE = "web_only_mine"


@dataclass(frozen=True)
class Viewing:
    location: VisitorContext
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
    user = viewer(request)
    location = visitor_context(request)
    country = visitor_country(requested=None, user=user) if user else location.country
    mine = user_platform_slugs(user=user) if user else []
    platforms = tuple(mine) if mine and only_mine(request) else None
    return Viewing(location, country, platforms, bool(mine))


def with_availability(cards: list[Card], country: str) -> list[Card]:
    """The cards with a compact "where to watch" line when offers exist (one query)."""
    if not cards:
        return cards
    summaries = availability_summaries([c.id for c in cards], country)
    return [
        replace(
            c,
            where=str(summaries[c.id]["text"]),
            justwatch=bool(summaries[c.id]["justwatch"]),
        )
        if c.id in summaries
        else c
        for c in cards
    ]
