"""Reads of the catalogue: lists with filters, trending, search, details and similar titles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from apps.catalog import search, search_postgres, similar
from apps.catalog.cards import CARD_COLUMNS
from apps.catalog.list_cache import cached, catalog_cache_version
from apps.catalog.models import Content, Genre
from apps.catalog.offers import offers
from apps.catalog.phonetic import phonetic_key
from apps.catalog.text import normalize_title
from apps.core.exceptions import NotFoundError

ORDERINGS = {
    "popularity": "-popularity",
    "rating": "-rating",
    "year": "-year",
    "title": "title",
    "-popularity": "popularity",
    "-rating": "rating",
    "-year": "year",
    "-title": "-title",
}


@dataclass(frozen=True)
class ContentFilters:
    kind: str | None = None
    language: str | None = None
    genre: str | None = None
    year_min: int | None = None
    year_max: int | None = None
    include_adult: bool = False
    # where to watch (apps/ott): only titles on these platforms in this country, or free there
    platforms: tuple[str, ...] | None = None
    country: str = ""

    def key(self) -> str:
        base = f"{self.kind}|{self.language}|{self.genre}|{self.year_min}|{self.year_max}|{self.include_adult}"
        if self.platforms is None:
            return base
        return f"{base}|{','.join(self.platforms)}@{self.country}"


def content_get(*, content_id: int) -> Content:
    """The content with this id, or a 404-rendered NotFoundError naming the id."""
    content = Content.objects.filter(pk=content_id).prefetch_related("genres").first()
    if content is None:
        raise _missing(content_id)
    return content


def content_check(*, content_id: int) -> None:
    """content_get's 404 for an id that does not exist, without loading the title (one index
    probe): for reads of a title's rows kept elsewhere, such as its offers."""
    if not Content.objects.filter(pk=content_id).exists():
        raise _missing(content_id)


def _missing(content_id: int) -> NotFoundError:
    return NotFoundError(
        f"Content {content_id} does not exist.", details={"content_id": content_id}
    )


def content_filter(qs: QuerySet[Content], filters: ContentFilters) -> QuerySet[Content]:
    qs = qs.filter(hidden=False)  # curators' hidden flag: out of every list and search
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.language:
        qs = qs.filter(original_language=filters.language)
    if filters.genre:
        qs = qs.filter(_in_genre(filters.genre))
    if filters.year_min is not None:
        qs = qs.filter(year__gte=filters.year_min)
    if filters.year_max is not None:
        qs = qs.filter(year__lte=filters.year_max)
    if not filters.include_adult:
        qs = qs.filter(is_adult=False)
    if filters.platforms is not None:  # where to watch: apps.ott answers (apps/catalog/offers.py)
        qs = qs.filter(offers().available_q(filters.platforms, filters.country))
    return qs


def _genre_id(slug: str) -> int | None:
    return Genre.objects.filter(slug=slug).values_list("id", flat=True).first()


def _in_genre(slug: str) -> Exists | Q:
    """Titles linked to the genre `slug`, as a semi-join on the genre's id (not a join to the
    genre table by slug): with the id in the query PostgreSQL knows how many titles the genre
    has (drama 48%, mecha 1.8% of the SYNTHETIC 1M) and picks the plan for that, and the links'
    (genre_id, content_id) index of migration 0012 answers it (docs/scale.md)."""
    genre_id = _genre_id(slug)
    if genre_id is None:
        return Q(pk__in=[])
    links = Content.genres.through.objects.filter(content_id=OuterRef("pk"), genre_id=genre_id)
    return Exists(links)


def content_list(*, filters: ContentFilters, ordering: str = "popularity") -> QuerySet[Content]:
    order = ORDERINGS[ordering]
    nulls_last = order.lstrip("-") in {"rating", "year"}
    qs = content_filter(Content.objects.all(), filters).prefetch_related("genres")
    if nulls_last:
        qs = qs.filter(**{f"{order.lstrip('-')}__isnull": False})
    return qs.order_by(order, "id")


def content_list_ids(
    *, filters: ContentFilters, ordering: str = "popularity"
) -> QuerySet[Content, int] | GenreListing:
    """The ids of `content_list`, in its order, for a page and its capped count: a genre's list
    by popularity, inside a language or not, from the genre links' own listing indexes on
    PostgreSQL (`genre_listing`), any other list from the titles."""
    listing = genre_listing(filters, ordering)
    if listing is not None:
        return listing
    return (
        content_list(filters=filters, ordering=ordering)
        .prefetch_related(None)
        .values_list("id", flat=True)
    )


class GenreListing:
    """A genre's listed titles by (popularity DESC, id), optionally in one language and of one
    kind, read from the genre links (migration 0013: each link carries its title's listed flag,
    language, kind and popularity, kept by triggers). Sliced like a list of ids: a page is one
    index range, a capped count its first entries, neither touching the titles' table."""

    def __init__(self, genre_id: int, language: str | None, kind: str | None) -> None:
        self.genre_id, self.language, self.kind = genre_id, language, kind

    def __getitem__(self, window: slice) -> list[int]:
        start, stop = window.start or 0, window.stop
        where = ["genre_id = %s", "listed"]
        params: list[Any] = [self.genre_id]
        for column, value in (("list_language", self.language), ("list_kind", self.kind)):
            if value:
                where.append(f"{column} = %s")
                params.append(value)
        sql = (
            f"SELECT content_id FROM {Content.genres.through._meta.db_table} "  # noqa: S608 (fixed names, values bound)
            f"WHERE {' AND '.join(where)} ORDER BY list_popularity DESC, content_id"
        )
        if stop is not None:
            sql += " LIMIT %s"
            params.append(max(0, stop - start))
        sql += " OFFSET %s"
        params.append(start)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [content_id for (content_id,) in cursor.fetchall()]


def genre_listing(filters: ContentFilters, ordering: str) -> GenreListing | None:
    """The links' listing for a genre list by popularity on PostgreSQL, when the list asks only
    for what the listing holds (a genre, a language, a kind); None for any other list."""
    slug = filters.genre
    simple = (
        connection.vendor == "postgresql"
        and ordering == "popularity"
        and filters.year_min is None
        and filters.year_max is None
        and not filters.include_adult
        and filters.platforms is None
    )
    if not slug or not simple:
        return None
    genre_id = _genre_id(slug)
    if genre_id is None:
        return GenreListing(-1, None, None)  # no such genre: an empty list
    return GenreListing(genre_id, filters.language, filters.kind)


ANCHOR_TTL = 600


def activity_anchor() -> datetime:
    """The end of "recent": now, or the data's last recorded rating when that is older.

    A live service's last rating is minutes old, so this is now. A catalogue loaded from a
    historical data set (the demo's ratings end in 2016) measures "this week" as the week its
    data last saw, instead of an empty window that leaves trending equal to popularity."""

    def build() -> float:
        last = _ratings().order_by("-updated_at").values_list("updated_at", flat=True).first()
        return (min(last, timezone.now()) if last else timezone.now()).timestamp()

    return datetime.fromtimestamp(cached("activity-anchor", build, ttl=ANCHOR_TTL), tz=UTC)


def activity_is_current(anchor: datetime, window: timedelta) -> bool:
    """Whether a window ending at `anchor` is (close to) this week, so "trending" can say so."""
    return timezone.now() - anchor <= window


def content_trending(
    *, filters: ContentFilters, window: str = "week", limit: int = 200
) -> list[int]:
    """Ids by our users' recent activity (ratings and interactions in the window before the data's
    last recorded day, `activity_anchor`) blended with the sources' popularity, so a quiet week
    still has a sensible list."""

    def build() -> list[int]:
        until = activity_anchor()
        since = until - timedelta(days=1 if window == "day" else 7)
        base = content_filter(Content.objects.all(), filters)
        activity = _recent_activity(base, since, limit)
        top = max(activity.values(), default=0)
        popular = list(base.order_by("-popularity", "id").values_list("id", "popularity")[:limit])
        scores: dict[int, float] = {cid: 0.3 * (pop or 0) / 100 for cid, pop in popular}
        for cid, count in activity.items():
            scores[cid] = scores.get(cid, 0.0) + 0.7 * count / top
        return sorted(scores, key=lambda cid: (-scores[cid], cid))[:limit]

    return cached(f"trending:{window}:{filters.key()}", build)


def _recent_activity(base: QuerySet[Content], since: datetime, limit: int) -> dict[int, int]:
    """The `limit` titles of `base` with the most ratings (updated) and interactions since
    `since`, with those counts. Starts from the recent rows (UNION ALL of both signals), groups
    them and keeps the titles in `base`: joining the signals to every title instead took 990 ms
    at 1M titles, this 15 ms (docs/scale.md)."""
    rating_table = _ratings().model._meta.db_table
    interaction_table = Content.interactions.field.model._meta.db_table
    titles, params = base.values("id").query.sql_with_params()
    sql = f"""
        SELECT recent.content_id, COUNT(*) AS activity
        FROM (
            SELECT content_id FROM {rating_table} WHERE updated_at >= %s
            UNION ALL
            SELECT content_id FROM {interaction_table}
            WHERE created_at >= %s AND content_id IS NOT NULL
        ) recent
        WHERE recent.content_id IN ({titles})
        GROUP BY recent.content_id
        ORDER BY activity DESC, recent.content_id
        LIMIT %s
    """  # noqa: S608 (table names from the models, values bound)
    with connection.cursor() as cursor:
        cursor.execute(sql, [since, since, *params, limit])
        return {int(cid): int(n) for cid, n in cursor.fetchall()}


CARD_FIELDS = CARD_COLUMNS  # the model columns of a title card (apps/catalog/cards.py)


def contents_by_ids(ids: list[int], *, fields: tuple[str, ...] = ()) -> list[Content]:
    """Contents in the given order, genres prefetched (ids that no longer exist or were hidden
    since the list was cached are dropped); `fields` loads only those columns (CARD_FIELDS for a
    page of title cards)."""
    rows = Content.objects.filter(pk__in=ids, hidden=False).prefetch_related("genres")
    found = {c.pk: c for c in (rows.only(*fields) if fields else rows)}
    return [found[i] for i in ids if i in found]


FILTER_OVERFETCH = 3  # a filtered search ranks this many times the ids it returns, then filters
MEMORY_SEARCH_DEPTH = 600  # ids the in-process index (SQLite) ranks, whatever the page


def content_search(*, query: str, filters: ContentFilters, limit: int = 200) -> list[int]:
    """Search across scripts and spellings (apps/catalog/search.py): exact title, then phonetic
    key (మగధీర, "magadira" -> Magadheera), then typo-tolerant matches; popularity within each.

    The first `limit` ids: a caller showing one page asks for that page and one id more (the
    API does), so each tier is asked only for what the page can still show: on PostgreSQL a
    common word's most popular matches are then read in popularity order and a title's typo
    tiers stop early (docs/scale.md). A filtered search ranks FILTER_OVERFETCH x `limit` ids
    before filtering."""
    normalized = normalize_title(query)
    if not normalized and not phonetic_key(query):
        return []
    unfiltered = filters == ContentFilters()
    want = limit if unfiltered else limit * FILTER_OVERFETCH
    if connection.vendor == "postgresql":
        exact = list(
            Content.objects.filter(normalized_title=normalized, is_adult=False, hidden=False)
            .order_by("-popularity", "id")
            .values_list("id", flat=True)[:want]
        )
        keyed = search.key_matches(query)
        ids = _fuzzy_tiers(query, normalized, exact, keyed, want)
    else:
        # the in-process index ranks its fuzzy tier by score bands: asked at one depth for
        # every page, a page is the same whichever page was asked first
        ids = search.memory_search(normalized, query, max(want, MEMORY_SEARCH_DEPTH))
    if unfiltered:  # the index already leaves adult titles out
        return ids[:limit]
    allowed = set(
        content_filter(Content.objects.filter(id__in=ids), filters).values_list("id", flat=True)
    )
    return [i for i in ids if i in allowed][:limit]


def _fuzzy_tiers(
    query: str, normalized: str, exact: list[int], keyed: list[int], want: int
) -> list[int]:
    """The first `want` ranked ids (`rank_tiers`): exact and key matches, then the fuzzy tiers
    in their rank order, each asked only while the list still has room for its ids (the list it
    would have made, without its query; docs/scale.md)."""
    found = search.rank_tiers(exact, keyed, [], want)
    fuzzy: list[int] = []
    if normalized and len(found) < want:
        # a found title needs no typo tolerance on the title: full text and key neighbours do
        typos = not (exact or keyed)
        fuzzy = _search_postgres(normalized, query, want, typos=typos, found=found)
    if len(search.rank_tiers(found, fuzzy, [], want)) < want:
        fuzzy += search_postgres.bounded(
            "key neighbours", lambda: search.key_fuzzy_matches(query, want)
        )
    return search.rank_tiers(exact, keyed, fuzzy, want)


def _search_postgres(
    normalized: str, raw: str, limit: int, *, typos: bool = True, found: Sequence[int] = ()
) -> list[int]:
    """Typo-tolerant title matches through the trigram index (the % operator), then full-text
    matches through the GIN index, each bounded (apps/catalog/search_postgres.py)."""
    return search_postgres.fuzzy_matches(normalized, raw, limit, typos=typos, found=found)


# moved to apps/catalog/similar.py; importable from here for the API and recommender serving
content_similar = similar.content_similar


def _ratings() -> QuerySet[Any]:
    """Our users' ratings, through the relation apps.accounts declares on Content (the catalogue
    sits below accounts and imports none of its modules)."""
    return Content.ratings.field.model._default_manager.all()


def content_user_ratings(*, content: Content) -> dict[str, Any]:
    stats = content.ratings.aggregate(average=Avg("rating"), count=Count("id"))
    return {
        "average": round(stats["average"], 2) if stats["average"] is not None else None,
        "count": stats["count"],
    }


def content_user_state(*, user_id: int, content: Content) -> dict[str, Any]:
    """A person's own state of a title (their lists and rating), read through the relations
    apps.accounts declares on Content."""
    rating = content.ratings.filter(user_id=user_id).values("rating", "review").first()
    return {
        "in_watchlist": content.watchlistitem_set.filter(user_id=user_id).exists(),
        "is_favorite": content.favorite_set.filter(user_id=user_id).exists(),
        "rating": rating["rating"] if rating else None,
        "review": rating["review"] if rating else "",
    }


def catalog_version() -> int:
    return catalog_cache_version()
