"""Titles similar to one title, from the catalogue alone (genres, language, era, popularity).

The list scores a bounded pool of candidates: the most popular titles of the same kind sharing a
genre, and the most popular of those in the title's own language (the score favours both), each
SIMILAR_POOL_PER_RESULT x `limit` titles (at least SIMILAR_POOL_MIN), read in popularity order.
Scoring every title that shares a genre read 20,000 unordered rows at 1M titles (about 470 ms,
docs/scale.md).

Reading the pool is the cost, and two paths read the same pool (apps/catalog/tests/
test_similar_paths.py pins that): the portable ORM path (SQLite, and any other database) in four
queries, and on PostgreSQL one statement that returns the candidates' rows with their genre ids.
That statement walks an index in popularity order either way; what differs is how it asks
"shares a genre" (`_pool_sql`):

- probe: per title walked, an index probe into the genre links. Cheap when the genres are common
  (a drama reaches its pool within a few hundred titles), but a title whose genres few titles
  share walks thousands of titles of its kind to fill a pool of 500 (a Hindi documentary: 12,000
  rows, about 250 ms at 1M SYNTHETIC titles).
- hashed: the titles in the genres are read once from the genre links index into a hash (a
  PostgreSQL hashed SubPlan), and the walk is index-only on the visible titles' popularity
  index; only the pool's rows are read from the table. Costs about 0.35 us per linked title,
  so it is chosen only when it costs less than the walk (`hashed_pays`: the links grow the hash,
  the pool size and the catalogue grow the walk) and the links' hash fits in the query's hash
  memory: past that PostgreSQL gives up the hash and compares every walked title with every
  linked one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from django.db import connection
from django.db.models import Exists, OuterRef

from apps.catalog.list_cache import cached
from apps.catalog.models import Content

SIMILAR_POOL_PER_RESULT = 5  # candidates read per title asked for, in each of two pools,
SIMILAR_POOL_MIN = 100  # and never fewer (a pool of 1,000 took 118 ms at 1M titles, 200 11 ms)
# The hashed pool costs about the genres' links (hashed once), the probing walk about the titles
# it walks: pool size x titles / links. Hashed pays while links^2 < HASHED_BALANCE x size x
# titles; fitted at 1M SYNTHETIC titles with pools of 500 (hashed won 2-10x up to 118k links,
# a Tamil animation movie 181 -> 93 ms; lost above 170k, a Korean musical movie 54 -> 152 ms)
# and of 100 (118k links: the walk won, 71 vs 111 ms; 40k links: hashed won, 25 vs 42 ms).
HASHED_BALANCE = 40
HASH_BYTES_PER_LINK = 64  # twice the planner's own per-row size, so its estimate keeps the hash

Strategy = Literal["probe", "hashed"]


@dataclass(frozen=True)
class Candidate:
    language: str
    year: int | None
    popularity: float
    genres: frozenset[int]


def content_similar(*, content: Content, limit: int = 20) -> list[int]:
    """Same kind, shared genres (Jaccard), same language, close years, then popularity: the
    `limit` best of the candidate pool (module docstring), cached with the catalogue's lists."""

    def build() -> list[int]:
        genres = frozenset(g.pk for g in content.genres.all())  # the prefetched ones when there
        size = pool_size(limit)
        if connection.vendor == "postgresql":
            candidates = candidates_postgres(content, genres, size)
        else:
            candidates = candidates_orm(content, genres, size)
        return rank(content, genres, candidates)[:limit]

    return cached(f"similar:{content.pk}:{limit}", build)


def pool_size(limit: int) -> int:
    """Titles read in each pool: grows with the list asked for, so a longer list still has
    SIMILAR_POOL_PER_RESULT candidates per place to choose from."""
    return max(SIMILAR_POOL_MIN, limit * SIMILAR_POOL_PER_RESULT)


def rank(content: Content, genres: frozenset[int], candidates: dict[int, Candidate]) -> list[int]:
    """Candidates by score (genres' Jaccard 0.5, same language 0.25, year closeness 0.1,
    popularity 0.15), best first, ties by id; one function for both read paths."""

    def score(c: Candidate) -> float:
        union = len(genres | c.genres) or 1
        jaccard = len(genres & c.genres) / union
        same_lang = 1.0 if c.language == content.original_language else 0.0
        years = (
            1.0 / (1 + abs((c.year or 0) - (content.year or 0)) / 5)
            if c.year and content.year
            else 0.3
        )
        return 0.5 * jaccard + 0.25 * same_lang + 0.1 * years + 0.15 * c.popularity / 100

    return sorted(candidates, key=lambda cid: (-score(candidates[cid]), cid))


def candidates_orm(content: Content, genres: frozenset[int], size: int) -> dict[int, Candidate]:
    """The two pools, their rows and their genre links through the ORM (any database)."""
    pool = Content.objects.filter(kind=content.kind, is_adult=False, hidden=False).exclude(
        pk=content.pk
    )
    if genres:
        through = Content.genres.through.objects.filter(
            content_id=OuterRef("pk"), genre_id__in=genres
        )
        pool = pool.filter(Exists(through))
    ordered = pool.order_by("-popularity", "id").values_list("id", flat=True)
    ids = {*ordered[:size], *ordered.filter(original_language=content.original_language)[:size]}
    links: dict[int, set[int]] = {cid: set() for cid in ids}
    through_rows = Content.genres.through.objects.filter(content_id__in=ids)
    for cid, gid in through_rows.values_list("content_id", "genre_id"):
        links[cid].add(gid)
    return {
        cid: Candidate(lang, year, pop or 0, frozenset(links[cid]))
        for cid, lang, year, pop in Content.objects.filter(pk__in=ids).values_list(
            "id", "original_language", "year", "popularity"
        )
    }


def candidates_postgres(
    content: Content, genres: frozenset[int], size: int, strategy: Strategy | None = None
) -> dict[int, Candidate]:
    """The same candidates as `candidates_orm`, in one statement: the two LIMITed pools UNIONed,
    each row with its genre ids. `strategy` is chosen from the statistics unless given."""
    params: dict[str, Any] = {
        "id": content.pk,
        "kind": content.kind,
        "language": content.original_language,
        "genres": sorted(genres),
        "size": size,
    }
    # planned without parallel workers, as every web query (settings: DATABASE_PARALLEL_WORKERS):
    # the pools stop after a few hundred rows, and starting a worker cost more than it saved
    with connection.cursor() as cursor:
        if strategy is None:
            strategy = "hashed" if genres and hashed_pays(genres, size) else "probe"
        cursor.execute(_statement(strategy, bool(genres)), params)
        rows = cursor.fetchall()
    return {
        cid: Candidate(lang, year, pop or 0, frozenset(gids)) for cid, lang, year, pop, gids in rows
    }


def _statement(strategy: Strategy, with_genres: bool) -> str:
    pool = _pool_sql(strategy, with_genres)
    own_language = pool.format(language="AND c.original_language = %(language)s")
    return (
        "SELECT p.id, p.original_language, p.year, p.popularity, ARRAY("  # noqa: S608 (fixed SQL, values bound)
        "SELECT cg.genre_id FROM catalog_content_genres cg WHERE cg.content_id = p.id) "
        f"FROM ({pool.format(language='')} UNION {own_language}) p"
    )


_VISIBLE = "NOT c.hidden AND NOT c.is_adult AND c.id <> %(id)s"
_IN_GENRES = (
    "SELECT cg.content_id FROM catalog_content_genres cg WHERE cg.genre_id = ANY(%(genres)s)"
)


def _pool_sql(strategy: Strategy, with_genres: bool) -> str:
    """One pool, `{language}` left for its language condition. Both shapes return the first
    %(size)s titles by (popularity DESC, id) that are visible, of the kind and in a genre."""
    if strategy == "hashed" and with_genres:
        # `OR false` keeps the IN a hashed SubPlan filter of the index-only walk (pulled up into
        # a join, its order would be lost); the table is read for the kind of matching titles only.
        return (
            "(SELECT w.id, c.original_language, c.year, w.popularity FROM ("  # noqa: S608 (fixed SQL)
            f"SELECT c.id, c.popularity FROM catalog_content c WHERE {_VISIBLE} {{language}} "
            f"AND (c.id IN ({_IN_GENRES}) OR false) ORDER BY c.popularity DESC, c.id) w "
            "JOIN catalog_content c ON c.id = w.id WHERE c.kind = %(kind)s "
            "ORDER BY w.popularity DESC, w.id LIMIT %(size)s)"
        )
    shares = (
        "AND EXISTS (SELECT 1 FROM catalog_content_genres cg WHERE cg.content_id = c.id "
        "AND cg.genre_id = ANY(%(genres)s))"
        if with_genres
        else ""
    )
    return (
        "(SELECT c.id, c.original_language, c.year, c.popularity FROM catalog_content c "  # noqa: S608
        f"WHERE {_VISIBLE} AND c.kind = %(kind)s {{language}} {shares} "
        "ORDER BY c.popularity DESC, c.id LIMIT %(size)s)"
    )


def hashed_pays(genres: Iterable[int], size: int) -> bool:
    """Whether the hashed pool is the cheaper one (HASHED_BALANCE) and its hash fits in the
    query's hash memory, from the statistics the planner reads: the genres' share of the links
    (most common values and their frequencies) times the links' rows, the titles' rows. False
    when a genre has no statistics (a catalogue never analysed): the probing walk is right at
    any size, while a hash the planner refuses turns the walk quadratic."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.most_common_vals::text::bigint[], s.most_common_freqs, l.reltuples, "
            "t.reltuples, pg_size_bytes(current_setting('work_mem')) "
            "* current_setting('hash_mem_multiplier')::float8 FROM pg_stats s "
            "JOIN pg_class l ON l.oid = 'catalog_content_genres'::regclass "
            "JOIN pg_class t ON t.oid = 'catalog_content'::regclass "
            "WHERE s.schemaname = current_schema() AND s.tablename = 'catalog_content_genres' "
            "AND s.attname = 'genre_id'"
        )
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return False
    values, freqs, link_rows, title_rows, hash_bytes = row
    share = dict(zip(values, freqs, strict=True))
    if any(g not in share for g in genres):
        return False
    links = sum(share[g] for g in genres) * max(link_rows, 0)
    return hashing_pays(links, max(title_rows, 0), size, hash_bytes)


def hashing_pays(links: float, titles: float, size: int, hash_bytes: float) -> bool:
    """The rule of `hashed_pays` on its estimates: the links' hash fits in `hash_bytes` and
    costs less than walking pool size x titles / links titles (HASHED_BALANCE)."""
    fits = links * HASH_BYTES_PER_LINK <= hash_bytes
    return fits and links * links < HASHED_BALANCE * size * titles
