"""The homepage as a list of row providers.

A row provider is one function from the page's `HomeContext` to a `Row` (or None when it has
nothing to show). `@home_row(...)` registers it for visitors, signed-in users or both, in order;
adding a row (a festival collection, free to watch, a platform's picks) is one decorated function.

Every row brings something the rows above it did not: providers offer more candidates than a row
shows (`ROW_CANDIDATES`), and the page gives each row `ROW_SIZE` titles no other row shows
(`dedupe_rows`). A row that cannot fill itself (the hero, a free-to-watch row with a
handful of titles) claims its titles before the broad lists, so it keeps what only it can show. A
row whose point is the titles themselves (the person's watchlist) keeps its cards whole
(`Row.repeats`); its titles still count as shown for the other rows.

Each provider's rows are cached (as data) per language filter, UI language, catalogue version and
place; a personal row also per user, library version (every rating or list change bumps it, so
the next page shows the change), mood and hour. The page's rendered rows are cached under the
same parts, so a visitor's homepage is one cache read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.selectors import favorite_list, rating_list, watchlist_list
from apps.catalog.cards import title_cards
from apps.catalog.selectors import (
    ContentFilters,
    activity_anchor,
    activity_is_current,
    catalog_version,
    content_list,
    content_trending,
)
from apps.core.viewing import ViewingContext
from apps.core.vocabulary import state_lookup
from apps.curation.selectors import featured_audience, featured_caption, featured_for
from apps.ott.selectors import allowed_content_ids, free_content
from apps.regional import festivals
from apps.regional import selectors as regional
from apps.web import reco
from apps.web.cards import (
    Card,
    card_from_content,
    card_from_title,
    cards_from_contents,
    cards_from_ids,
    cards_from_served,
    ids_of,
)
from apps.web.labels import MOOD_LABELS, language_label
from apps.web.viewing import with_availability

ROW_SIZE = 12
ROW_CANDIDATES = 3 * ROW_SIZE  # what a provider offers, so a row is still full after de-duplication
ROW_TTL = 300

Audience = Literal["visitor", "user", "both"]


@dataclass(frozen=True)
class HomeContext:
    user: User | None
    languages: tuple[str, ...] = ()  # the language filter; it holds on every row
    mood: str | None = None
    now: datetime | None = None
    country: str = "IN"  # where offers are looked up
    state_code: str = ""  # the visitor's Indian state (ISO 3166-2:IN), when known
    platforms: tuple[str, ...] | None = None  # "only my services": these + free; None = all

    @property
    def signed_in(self) -> bool:
        return self.user is not None

    def filters(self, **fields: object) -> ContentFilters:
        """Catalogue filters with the platform switch applied."""
        if self.platforms is not None:
            fields = {**fields, "platforms": self.platforms, "country": self.country}
        return ContentFilters(**fields)  # type: ignore[arg-type]


@dataclass
class Row:
    key: str
    title: str
    cards: list[Card]
    more_url: str = ""
    hero: bool = False
    show_reasons: bool = False
    repeats: bool = False  # the row's point is these very titles (the watchlist): never thinned


RowProvider = Callable[[HomeContext], "Row | list[Row] | None"]


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
    """The homepage's rows, de-duplicated and rendered; the page comes from the cache when it can."""
    entries = [
        entry
        for entry in _ROWS
        if not (entry.audience == "visitor" and ctx.signed_in)
        and not (entry.audience == "user" and not ctx.signed_in)
    ]
    personal = any(entry.personal for entry in entries)
    key = _key(ctx, "web:page", personal=personal)
    html: list[str] | None = cache.get(key)
    if html is None:
        rows = [row for entry in entries for row in _cached_rows(entry, ctx)]
        html = [render_row(row, ctx.country) for row in dedupe_rows(rows)]
        html = [one for one in html if one]
        cache.set(key, html, timeout=ROW_TTL)
    return [mark_safe(one) for one in html]  # noqa: S308 - our own template's output


def dedupe_rows(rows: list[Row], size: int = ROW_SIZE) -> list[Row]:
    """Every title in at most one row (a `repeats` row keeps all of its own), each row at most
    `size` titles, rows left empty dropped; the page order stays as it is.

    Rows claim their titles top-down, except that the rows which cannot fill themselves claim
    first (a `repeats` row, then rows with fewer than `size` candidates, the fewest first: the hero,
    a free-to-watch row with a handful of titles, a festival's few pins): the broad lists below
    have plenty more to offer, a narrow row has nothing else."""
    order = sorted(
        range(len(rows)),
        key=lambda i: (
            not rows[i].repeats,
            len(rows[i].cards) >= size,
            len(rows[i].cards) if len(rows[i].cards) < size else 0,
            i,
        ),
    )
    claimed: set[int] = set()
    kept: dict[int, list[Card]] = {}
    for i in order:
        row = rows[i]
        unique = list({c.id: c for c in row.cards}.values())  # no title twice in one row
        cards = unique if row.repeats else [c for c in unique if c.id not in claimed]
        kept[i] = cards[:size]
        claimed.update(c.id for c in kept[i])
    return [replace(row, cards=kept[i]) for i, row in enumerate(rows) if kept[i]]


def render_row(row: Row | list[Row] | None, country: str = "IN") -> str:
    """A row's HTML (a provider may give several rows, e.g. one per language); cards carry the
    compact where-to-watch line of `country` (one query per row)."""
    rows = row if isinstance(row, list) else [row] if row is not None else []
    html = []
    for one in rows:
        if one.cards:
            one.cards = with_availability(one.cards, country)
            html.append(render_to_string("web/_row.html", {"row": one}))
    return "".join(html)


def _key(ctx: HomeContext, prefix: str, *, personal: bool) -> str:
    parts = [
        prefix,
        ",".join(ctx.languages),
        get_language() or "",
        str(catalog_version()),
        ctx.country,
        ctx.state_code,
        "u" if ctx.signed_in else "v",
        "" if ctx.platforms is None else "p=" + ",".join(ctx.platforms),
    ]
    if personal and ctx.user is not None:
        when = f"{ctx.now.weekday()}-{ctx.now.hour}" if ctx.now is not None else ""
        parts += [str(ctx.user.pk), reco.library_version(ctx.user), ctx.mood or "", when]
    return ":".join(parts)


def _cached_rows(entry: _Registered, ctx: HomeContext) -> list[Row]:
    """One provider's rows (its candidates, not yet de-duplicated), cached as data."""
    key = _key(ctx, f"web:row:{entry.provider.__name__}", personal=entry.personal)
    rows: list[Row] | None = cache.get(key)
    if rows is None:
        built = entry.provider(ctx)
        rows = built if isinstance(built, list) else [built] if built is not None else []
        cache.set(key, rows, timeout=ROW_TTL)
    return rows


def _languages(ctx: HomeContext) -> list[str]:
    return list(ctx.languages)


# -- rows, in page order -------------------------------------------------------------------------


@home_row(audience="both")
def featured(ctx: HomeContext) -> Row | None:
    """The hero: what the curators feature for this visitor (apps.curation: languages, state,
    country, signed in or not); for a visitor with nothing featured, the most popular title
    rated 7+ in the filter."""
    who = ViewingContext(country=ctx.country, user_id=ctx.user.pk if ctx.user else None)
    target = featured_audience(who, languages=ctx.languages, state=ctx.state_code or None)
    items = featured_for(target, slot="hero")
    if items:
        title = featured_caption(items[0]) or _("Featured")
        return Row("featured", title, [card_from_content(items[0].content)], hero=True)
    if ctx.signed_in:
        return None
    filters = ctx.filters(language=ctx.languages[0] if ctx.languages else None)
    top = content_list(filters=filters, ordering="popularity").filter(rating__gte=7)[:1]
    cards = cards_from_contents(top)
    return Row("featured", _("Featured"), cards, hero=True) if cards else None


@home_row(audience="both")
def festival(ctx: HomeContext) -> Row | None:
    """The current or next festival's collection for the visitor's region (apps.regional)."""
    today = (ctx.now or timezone.now()).date()
    state = state_lookup(ctx.state_code) if ctx.state_code else None
    upcoming = festivals.festivals_upcoming(on=today, state=state)
    if ctx.languages:  # the language filter holds: a festival of those languages, if one comes
        wanted = set(ctx.languages)
        upcoming = [o for o in upcoming if wanted & set(o.festival.languages)]
    if not upcoming:
        return None
    occurrence = upcoming[0]
    ids = festivals.festival_collection(
        festival=occurrence.festival, languages=ctx.languages, limit=ROW_CANDIDATES
    )
    titles = title_cards(ids, country=ctx.country)
    if ctx.languages:  # pinned titles may be in any language
        titles = [t for t in titles if t.original_language in ctx.languages]
    if ctx.platforms is not None:  # only my services (+ free)
        allowed = allowed_content_ids(ctx.platforms, ctx.country)
        titles = [t for t in titles if t.id in allowed]
    cards = [card_from_title(t) for t in titles]
    return Row(
        "festival",
        festival_heading(occurrence),
        cards,
        more_url=reverse("web:festival", args=[occurrence.festival.slug]),
    )


def festival_heading(occurrence: festivals.FestivalOccurrence) -> str:
    name = festivals.festival_title(occurrence.festival)
    if occurrence.is_current:
        return _("%(collection)s (on now)") % {"collection": name}
    return ngettext(
        "%(collection)s (in %(days)d day)", "%(collection)s (in %(days)d days)",
        occurrence.days_until,
    ) % {"collection": name, "days": occurrence.days_until}  # fmt: skip


@home_row(audience="user", personal=True)
def mood_pick(ctx: HomeContext) -> Row | None:
    if not ctx.mood:
        return None
    body = reco.for_user(
        ctx.user,
        k=ROW_CANDIDATES,
        mood=ctx.mood,
        languages=_languages(ctx),
        platforms=ctx.platforms,
        country=ctx.country,
    )
    title = _("For your mood: %(mood)s") % {"mood": MOOD_LABELS[ctx.mood]}
    return Row("mood", title, cards_from_served(body), show_reasons=True)


@home_row(audience="user", personal=True)
def for_you(ctx: HomeContext) -> Row | None:
    body = reco.for_user(
        ctx.user,
        k=ROW_CANDIDATES,
        languages=_languages(ctx),
        platforms=ctx.platforms,
        country=ctx.country,
    )
    return Row("for-you", _("For you"), cards_from_served(body), show_reasons=True)


@home_row(audience="user", personal=True)
def more_like_recent_favourite(ctx: HomeContext) -> Row | None:
    assert ctx.user is not None
    anchor = (
        favorite_list(user=ctx.user).first()
        or rating_list(user=ctx.user).filter(rating__gte=7).first()
    )
    if anchor is None:
        return None
    body = reco.similar_to(
        anchor.content,
        k=ROW_CANDIDATES,
        languages=_languages(ctx),
        platforms=ctx.platforms,
        country=ctx.country,
    )
    title = _("More like %(title)s") % {"title": anchor.content.title}
    return Row("more-like", title, cards_from_served(body), show_reasons=True)


@home_row(audience="user", personal=True)
def continue_watchlist(ctx: HomeContext) -> Row | None:
    assert ctx.user is not None
    entries = watchlist_list(user=ctx.user).prefetch_related("content__genres")[:ROW_SIZE]
    cards = [card_from_content(e.content) for e in entries]
    return Row(
        "watchlist",
        _("Continue your watchlist"),
        cards,
        more_url=reverse("web:watchlist"),
        repeats=True,
    )


@home_row(audience="both")
def trending(ctx: HomeContext) -> Row | list[Row] | None:
    """Regional trending (apps.regional: our users' recent activity and source popularity), one
    row per language of the filter or the visitor's location; without languages, the catalogue's
    trending in the last week of activity. A language nobody was active in gets its new releases,
    honestly named, instead of a "trending" row that would only repeat popularity."""
    if not ctx.languages:
        ids = content_trending(filters=ctx.filters(), limit=ROW_CANDIDATES)
        anchor = activity_anchor()
        if activity_is_current(anchor, timedelta(days=7)):
            title = _("Trending this week")
        else:
            title = _("Most rated in the week to %(date)s") % {"date": date_format(anchor.date())}
        return Row("trending", title, cards_from_ids(ids, ctx.country))
    rows = []
    for language in ctx.languages:
        filters = ctx.filters()
        label = language_label(language)
        if regional.regional_trending_is_live(language=language, filters=filters):
            ids = regional.regional_trending(language=language, filters=filters)
            title = _("Trending in %(languages)s") % {"languages": label}
        else:
            ids = regional.regional_new(language=language, filters=filters)
            title = _("New in %(languages)s") % {"languages": label}
        cards = cards_from_ids(ids[:ROW_CANDIDATES], ctx.country)
        rows.append(
            Row(
                f"trending-{language}",
                title,
                cards,
                more_url=reverse("web:browse-language", args=[language]),
            )
        )
    return rows


@home_row(audience="both")
def free_to_watch(ctx: HomeContext) -> Row | None:
    """Free and ad-supported titles in the visitor's country (apps.ott), in the filter."""
    ids: list[int] = []
    for language in ctx.languages or (None,):
        qs = free_content(filters=ContentFilters(language=language), country=ctx.country)
        ids += ids_of(qs, ROW_CANDIDATES)
    return Row(
        "free", _("Free to watch"), _most_popular(ids, ctx.country), more_url=reverse("web:free")
    )


def _most_popular(ids: list[int], country: str) -> list[Card]:
    """The cards of ids gathered from several lists, most popular first."""
    titles = sorted(title_cards(ids, country=country), key=lambda t: -(t.popularity or 0.0))
    return [card_from_title(t) for t in titles[:ROW_CANDIDATES]]


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
    body = reco.for_user(
        ctx.user,
        k=ROW_CANDIDATES,
        kinds=kinds,
        languages=_languages(ctx),
        when=ctx.now,
        platforms=ctx.platforms,
        country=ctx.country,
    )
    return Row(key, title, cards_from_served(body), show_reasons=True)


@home_row(audience="visitor")
def popular_by_language(ctx: HomeContext) -> Row | None:
    """Popular movies in the chosen language(s), or in Telugu, the site's first language."""
    languages = ctx.languages or ("te",)
    ids: list[int] = []
    for language in languages:
        filters = ctx.filters(language=language, kind="movie")
        ids += ids_of(content_list(filters=filters), ROW_CANDIDATES)
    cards = _most_popular(ids, ctx.country)
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
    contents = content_list(filters=ctx.filters(kind="tv", language=language), ordering="rating")
    title = _("Top-rated TV shows")
    return Row(
        "tv",
        title,
        cards_from_ids(ids_of(contents, ROW_CANDIDATES), ctx.country),
        more_url=reverse("web:browse-kind", args=["tv"]),
    )


@home_row(audience="both")
def top_anime(ctx: HomeContext) -> Row | None:
    contents = content_list(filters=ctx.filters(kind="anime"), ordering="popularity")
    return Row(
        "anime",
        _("Top anime"),
        cards_from_ids(ids_of(contents, ROW_CANDIDATES), ctx.country),
        more_url=reverse("web:browse-kind", args=["anime"]),
    )
