"""PostgreSQL's search tiers at a million titles (issue 25, docs/scale.md): the title's typo tier
and the full-text tier of `selectors.content_search`, each bounded.

- Tiers run in rank order and stop once the list is full: `rank_tiers` keeps the first
  `limit` ids of exact > key > typo > full text > key neighbours, so a tier that could only add
  ids past that point is not asked (the same ids, without its query).
- The full-text tier keeps the most popular matches of a word; a GIN index has no popularity
  order, so a word that 26k titles share read every one of them (1.4 s at 1M SYNTHETIC titles,
  load average 15). It first asks only among the titles at least as popular as the one ranked
  FLOOR_MULTIPLES[0] x `limit` (then [1] x, each rounded up to a power of two): when that keeps
  `limit` rows they are exactly the `limit` most popular matches (every other match is less
  popular), otherwise the next floor or all matches are asked. The floors scale with what is
  asked: a page's 21 ids of a word in one title of 128 come from the first floor. A very common
  word ("the", one title in nine) is then read in popularity order, which PostgreSQL picks by
  itself for a small LIMIT. A query of several words goes straight to all matches: they must
  hold every word, which few titles do, and a floor would only add a query.
- Every fuzzy tier runs under `statement_timeout` (TIER_TIMEOUT_MS): on a loaded server a
  cancelled tier adds nothing and the request still answers with the tiers above it, never a 500.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction
from django.db.models import F

from apps.catalog.models import Content

logger = logging.getLogger(__name__)

# The title's typo tier (`%` on the normalised title): one wrong letter in a title of eight or
# more keeps a similarity above it; PostgreSQL's 0.3 let every title sharing a common word through
# the index (67-112 ms for a misspelt title at 1M, docs/scale.md).
TRIGRAM_TITLE_THRESHOLD = 0.45
TIER_TIMEOUT_MS = 300  # a fuzzy tier's own statement timeout: it bounds the tail, not the p50
FLOOR_MULTIPLES = (128, 1024)  # full text asks above the titles ranked `limit` x these first
FLOOR_TTL_SECONDS = 600.0

FULL_TEXT = (  # the expression of the content_search_fts index (migration 0002), so it is used
    "to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(original_title, '') || ' ' "
    "|| coalesce(overview, '')) @@ plainto_tsquery('simple', %s)"
)

_FLOORS: dict[int, tuple[float, float | None]] = {}  # rank -> (read at, popularity there)


@contextmanager
def tier_settings(
    *, threshold: float | None = None, timeout_ms: int = TIER_TIMEOUT_MS
) -> Iterator[None]:
    """The queries inside run with `statement_timeout` (and `%` at `threshold`, PostgreSQL's
    default being 0.3), set local to a transaction in one round trip. Outside a transaction the
    commit ends them; inside one (a savepoint) they are read first and put back afterwards, so
    the session's other queries keep their own. A cancelled query rolls the (sub)transaction
    back, settings included."""
    settings = {"statement_timeout": f"{timeout_ms}ms"}
    if threshold is not None:
        settings["pg_trgm.similarity_threshold"] = str(threshold)
    restore = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if restore:
            cursor.execute(_select("current_setting(%s)", len(settings)), list(settings))
            before = dict(zip(settings, cursor.fetchone(), strict=True))
        cursor.execute(_select("set_config(%s, %s, true)", len(settings)), _pairs(settings))
        yield
        if restore:
            cursor.execute(_select("set_config(%s, %s, true)", len(before)), _pairs(before))


def _select(call: str, times: int) -> str:
    return f"SELECT {', '.join([call] * times)}"


def _pairs(settings: dict[str, str]) -> list[str]:
    return [part for name, value in settings.items() for part in (name, value)]


def bounded(tier: str, run: Callable[[], list[int]]) -> list[int]:
    """`run()`, or nothing when PostgreSQL cancelled it at its statement timeout (logged)."""
    try:
        return run()
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) != "57014":  # query_canceled
            raise
        logger.warning("search tier %s cancelled after %s ms", tier, TIER_TIMEOUT_MS)
        return []


def popularity_floors(limit: int) -> tuple[tuple[int, float], ...]:
    """(rank, popularity) of the titles ranked FLOOR_MULTIPLES x `limit` (each rounded up to a
    power of two, so pages share them; only ranks the catalogue has), each read at most every
    FLOOR_TTL_SECONDS per process. A stale floor costs time, never a result:
    `full_text_matches` only keeps a floor's answer when it is provably the whole answer."""
    floors = []
    for rank in floor_ranks(limit):
        value = _floor_at(rank)
        if value is None:
            break  # the catalogue has fewer titles: every match is asked at once
        floors.append((rank, value))
    return tuple(floors)


def floor_ranks(limit: int) -> list[int]:
    """The ranks of the floors for `limit` ids: FLOOR_MULTIPLES x limit, up to a power of two."""
    return sorted({1 << max(0, limit * multiple - 1).bit_length() for multiple in FLOOR_MULTIPLES})


def _floor_at(rank: int) -> float | None:
    now = time.monotonic()
    stamp, value = _FLOORS.get(rank, (-FLOOR_TTL_SECONDS - 1.0, None))
    if now - stamp > FLOOR_TTL_SECONDS:
        ordered = Content.objects.order_by("-popularity").values_list("popularity", flat=True)
        value = next(iter(ordered[rank : rank + 1]), None)
        _FLOORS[rank] = (now, value)
    return value


def full_text_matches(raw: str, limit: int) -> list[int]:
    """The `limit` most popular titles whose title, original title or overview hold the words of
    `raw` (the GIN index of migration 0002), asked above a popularity floor first."""
    matches = (
        Content.objects.extra(where=[FULL_TEXT], params=[raw])  # noqa: S610 (bound parameter)
        .order_by("-popularity", "id")
        .values_list("id", flat=True)
    )
    if len(raw.split()) > 1:  # every word must match: rarely enough titles to fill the list
        return list(matches[:limit])
    seen: tuple[int, int] | None = None  # (rank, matches above it) of the floor asked last
    for rank, floor in popularity_floors(limit):
        if seen is not None and seen[1] * rank / seen[0] < limit:
            break  # at the last floor's rate this one would not fill the list either
        # every match below the floor is less popular than every match above it
        above = list(matches.filter(popularity__gte=floor)[:limit])
        if len(above) == limit:
            return above
        seen = (rank, len(above))
    return list(matches[:limit])


def title_typo_matches(normalized: str, limit: int) -> list[int]:
    """Titles whose normalised title is trigram-similar to the query's (the % operator through
    the content_title_trgm index), most similar first, then most popular."""
    from django.contrib.postgres.lookups import TrigramSimilar
    from django.contrib.postgres.search import TrigramSimilarity

    rows = (
        Content.objects.filter(TrigramSimilar(F("normalized_title"), normalized))
        .annotate(similarity=TrigramSimilarity("normalized_title", normalized))
        .order_by("-similarity", "-popularity", "id")
        .values_list("id", flat=True)[:limit]
    )
    with tier_settings(threshold=TRIGRAM_TITLE_THRESHOLD):
        return list(rows)


def fuzzy_matches(
    normalized: str, raw: str, limit: int, *, typos: bool = True, found: Sequence[int] = ()
) -> list[int]:
    """Typo-tolerant title matches, then full-text matches, `limit` ids at most; `found` are the
    ids ranked above these (exact and key matches): when they and the typo tier already fill
    `limit`, the full-text tier could add nothing to the list and is not asked."""
    similar = bounded("title typos", lambda: title_typo_matches(normalized, limit)) if typos else []
    if len(dict.fromkeys([*found, *similar])) >= limit:
        return similar[:limit]

    def text() -> list[int]:
        with tier_settings():
            return full_text_matches(raw, limit)

    return list(dict.fromkeys([*similar, *bounded("full text", text)]))[:limit]
