"""The homepage as a list of row providers.

A row provider is one function from the page's `HomeContext` to a `Row` (or None when it has
nothing to show). `@home_row(...)` registers it for visitors, signed-in users or both, in order;
adding a row (a festival collection, free to watch, a platform's picks) is one decorated function.
Rows are cached rendered (HTML) per language filter, UI language and catalogue version; a
personal row also per user, library version (every rating or list change bumps it, so the next
page shows the change), mood and hour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.selectors import favorite_list, rating_list, watchlist_list
from apps.catalog.selectors import (
    ContentFilters,
    catalog_version,
    content_list,
    content_trending,
    contents_by_ids,
)
from apps.web import reco
from apps.web.cards import Card, card_from_content, cards_from_body, cards_from_contents
from apps.web.labels import MOOD_LABELS, language_label

ROW_SIZE = 12
ROW_TTL = 300

Audience = Literal["visitor", "user", "both"]


@dataclass(frozen=True)
class HomeContext:
    user: User | None
    languages: tuple[str, ...] = ()  # the language filter; it holds on every row
    mood: str | None = None
    now: datetime | None = None

    @property
    def signed_in(self) -> bool:
        return self.user is not None


@dataclass
class Row:
    key: str
    title: str
    cards: list[Card]
    more_url: str = ""
    hero: bool = False
    show_reasons: bool = False


RowProvider = Callable[[HomeContext], Row | None]


@dataclass(frozen=True)
class _Registered:
    provider: RowProvider
    audience: Audience
    personal: bool


_ROWS: list[_Registered] = []


def home_row(
    *, audience: Audience = "both", personal: bool = False
) -> Callable[[RowProvider], RowProvider]:
    """Register a row provider; rows appear in registration order. A personal row's cached HTML
    is keyed by the user's library version (every rating or list change renews it)."""

    def register(provider: RowProvider) -> RowProvider:
        _ROWS.append(_Registered(provider, audience, personal))
        return provider

    return register


def home_rows(ctx: HomeContext) -> list[SafeString]:
    """The homepage's rows, rendered; a visitor's come from the cache (HTML and all)."""
    rows = []
    for entry in _ROWS:
        if entry.audience == "visitor" and ctx.signed_in:
            continue
        if entry.audience == "user" and not ctx.signed_in:
            continue
        html = _cached_row(entry.provider, ctx, personal=entry.personal)
        if html:
            rows.append(mark_safe(html))  # noqa: S308 - our own template's output
    return rows


def render_row(row: Row | None) -> str:
    if row is None or not row.cards:
        return ""
    return render_to_string("web/_row.html", {"row": row})


def _cached_row(provider: RowProvider, ctx: HomeContext, *, personal: bool) -> str:
    parts = [
        "web:row",
        provider.__name__,
        ",".join(ctx.languages),
        get_language() or "",
        str(catalog_version()),
    ]
    if personal and ctx.user is not None:
        when = f"{ctx.now.weekday()}-{ctx.now.hour}" if ctx.now is not None else ""
        parts += [str(ctx.user.pk), reco.library_version(ctx.user), ctx.mood or "", when]
    key = ":".join(parts)
    html: str | None = cache.get(key)
    if html is None:
        html = render_row(provider(ctx))
        cache.set(key, html, timeout=ROW_TTL)
    return html


def _languages(ctx: HomeContext) -> list[str]:
    return list(ctx.languages)


def _in_languages(ctx: HomeContext) -> str:
    return ", ".join(language_label(code) for code in ctx.languages)


# -- rows, in page order -------------------------------------------------------------------------


@home_row(audience="visitor")
def featured(ctx: HomeContext) -> Row | None:
    """The hero: the most popular well-rated title in the filter."""
    filters = ContentFilters(language=ctx.languages[0] if ctx.languages else None)
    top = content_list(filters=filters, ordering="popularity").filter(rating__gte=7)[:1]
    cards = cards_from_contents(top)
    return Row("featured", _("Featured"), cards, hero=True) if cards else None


@home_row(audience="user", personal=True)
def mood_pick(ctx: HomeContext) -> Row | None:
    if not ctx.mood:
        return None
    body = reco.for_user(ctx.user, k=ROW_SIZE, mood=ctx.mood, languages=_languages(ctx))
    title = _("For your mood: %(mood)s") % {"mood": MOOD_LABELS[ctx.mood]}
    return Row("mood", title, cards_from_body(body), show_reasons=True)


@home_row(audience="user", personal=True)
def for_you(ctx: HomeContext) -> Row | None:
    body = reco.for_user(ctx.user, k=ROW_SIZE, languages=_languages(ctx))
    return Row("for-you", _("For you"), cards_from_body(body), show_reasons=True)


@home_row(audience="user", personal=True)
def more_like_recent_favourite(ctx: HomeContext) -> Row | None:
    assert ctx.user is not None
    anchor = (
        favorite_list(user=ctx.user).first()
        or rating_list(user=ctx.user).filter(rating__gte=7).first()
    )
    if anchor is None:
        return None
    body = reco.similar_to(anchor.content, k=ROW_SIZE, languages=_languages(ctx))
    title = _("More like %(title)s") % {"title": anchor.content.title}
    return Row("more-like", title, cards_from_body(body), show_reasons=True)


@home_row(audience="user", personal=True)
def continue_watchlist(ctx: HomeContext) -> Row | None:
    assert ctx.user is not None
    entries = watchlist_list(user=ctx.user).prefetch_related("content__genres")[:ROW_SIZE]
    cards = [card_from_content(e.content) for e in entries]
    return Row("watchlist", _("Continue your watchlist"), cards, more_url=reverse("web:watchlist"))


@home_row(audience="both")
def trending(ctx: HomeContext) -> Row | None:
    ids: list[int] = []
    for language in ctx.languages or (None,):
        ids += content_trending(filters=ContentFilters(language=language), limit=ROW_SIZE)
    cards = cards_from_contents(contents_by_ids(list(dict.fromkeys(ids))[:ROW_SIZE]))
    title = (
        _("Trending in %(languages)s") % {"languages": _in_languages(ctx)}
        if ctx.languages
        else _("Trending this week")
    )
    return Row("trending", title, cards)


def _time_row(ctx: HomeContext) -> tuple[str, str, list[str]] | None:
    """(key, title, kinds) of the time-aware row that fits the moment, if one does."""
    now = ctx.now
    if now is None:
        return None
    weekend = now.weekday() in (5, 6) or (now.weekday() == 4 and now.hour >= 17)
    if now.hour >= 22 or now.hour < 4:
        return "late-night", _("Late-night picks"), []
    if weekend:
        return "weekend", _("Weekend movie night"), ["movie"]
    if now.hour >= 17:
        return "binge", _("Binge-worthy complete series"), ["tv", "anime"]
    return None


@home_row(audience="user", personal=True)
def time_aware(ctx: HomeContext) -> Row | None:
    fit = _time_row(ctx)
    if fit is None:
        return None
    key, title, kinds = fit
    body = reco.for_user(ctx.user, k=ROW_SIZE, kinds=kinds, languages=_languages(ctx), when=ctx.now)
    return Row(key, title, cards_from_body(body), show_reasons=True)


@home_row(audience="visitor")
def popular_by_language(ctx: HomeContext) -> Row | None:
    """Popular movies in the chosen language(s), or in Telugu, the site's first language."""
    languages = ctx.languages or ("te",)
    contents = []
    for language in languages:
        filters = ContentFilters(language=language, kind="movie")
        contents += list(content_list(filters=filters)[:ROW_SIZE])
    cards = cards_from_contents(sorted(contents, key=lambda c: -c.popularity)[:ROW_SIZE])
    title = _("Popular %(language)s movies") % {
        "language": ", ".join(language_label(c) for c in languages)
    }
    return Row(
        "regional",
        title,
        cards,
        more_url=reverse("web:browse-language", args=[languages[0]]),
    )


@home_row(audience="both")
def top_series(ctx: HomeContext) -> Row | None:
    language = ctx.languages[0] if ctx.languages else None
    contents = content_list(filters=ContentFilters(kind="tv", language=language), ordering="rating")
    title = _("Top-rated TV shows")
    return Row(
        "tv",
        title,
        cards_from_contents(contents[:ROW_SIZE]),
        more_url=reverse("web:browse-kind", args=["tv"]),
    )


@home_row(audience="both")
def top_anime(ctx: HomeContext) -> Row | None:
    contents = content_list(filters=ContentFilters(kind="anime"), ordering="popularity")
    return Row(
        "anime",
        _("Top anime"),
        cards_from_contents(contents[:ROW_SIZE]),
        more_url=reverse("web:browse-kind", args=["anime"]),
    )
