"""What serving needs to know about items (per model vocabulary) and about a user right now."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from operator import itemgetter

import numpy as np
from django.db import connection
from django.db.models import Field, Model
from scipy import sparse

from apps.accounts.models import Favorite, Rating, User, WatchlistItem
from apps.catalog.models import Content, Genre
from recommender.algorithms.base import ItemFeatures, UserProfile, UserState
from recommender.data import FAVORITE_VALUE, WATCHLIST_VALUE, user_profile
from recommender.serving.visitor import Visitor


@dataclass(frozen=True)
class ItemMeta:
    """Metadata aligned with a model's item_ids (sorted content ids)."""

    item_ids: np.ndarray
    features: ItemFeatures
    runtime: np.ndarray
    episodes: np.ndarray
    finished: np.ndarray
    genre_slugs: tuple[str, ...]
    genre_dense: np.ndarray  # (n_items, n_genres) bool, for fast per-request masks

    def genre_mask(self, genres: list[str] | tuple[str, ...]) -> np.ndarray:
        """Items having any of these genres."""
        cols = [self.genre_slugs.index(g) for g in genres if g in self.genre_slugs]
        if not cols:
            return np.zeros(len(self.item_ids), dtype=bool)
        return np.asarray(self.genre_dense[:, cols].any(axis=1))

    @cached_property
    def language_index(self) -> tuple[np.ndarray, np.ndarray]:
        """(the distinct language codes, each item's position among them)."""
        codes, inverse = np.unique(self.features.languages.astype(str), return_inverse=True)
        return codes, inverse

    @cached_property
    def kind_index(self) -> tuple[np.ndarray, np.ndarray]:
        """(the distinct kinds, each item's position among them)."""
        codes, inverse = np.unique(self.features.kinds.astype(str), return_inverse=True)
        return codes, inverse

    @cached_property
    def titles_by_language(self) -> dict[str, np.ndarray]:
        """Language code -> its items' positions (ascending): built once per meta, so a request
        filtered by language finds its titles without a mask over the catalogue."""
        return _inverted(*self.language_index)

    @cached_property
    def titles_by_kind(self) -> dict[str, np.ndarray]:
        """Kind -> its items' positions (ascending), like titles_by_language."""
        return _inverted(*self.kind_index)

    @cached_property
    def titles_by_genre(self) -> dict[str, np.ndarray]:
        """Genre slug -> its items' positions (ascending), like titles_by_language."""
        by_column = sparse.csc_matrix(self.genre_dense)
        return {
            slug: by_column.indices[by_column.indptr[g] : by_column.indptr[g + 1]].astype(np.int64)
            for g, slug in enumerate(self.genre_slugs)
        }

    def take(self, cols: np.ndarray) -> ItemMeta:
        """The sub-meta of these item positions (two-stage serving's pool): O(len(cols))."""
        f = self.features
        features = replace(
            f,
            genres=f.genres[cols],
            languages=f.languages[cols],
            kinds=f.kinds[cols],
            years=f.years[cols],
            text=_picked(f.text, cols),
            popularity=f.popularity[cols],
            titles=_picked(f.titles, cols),
        )
        return ItemMeta(
            self.item_ids[cols],
            features,
            self.runtime[cols],
            self.episodes[cols],
            self.finished[cols],
            self.genre_slugs,
            self.genre_dense[cols],
        )

    def columns(self, content_ids: list[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions, mask of ids that exist in this vocabulary)."""
        ids = np.asarray(content_ids, dtype=np.int64)
        pos = np.searchsorted(self.item_ids, ids)
        pos = np.minimum(pos, len(self.item_ids) - 1)
        found = self.item_ids[pos] == ids if len(self.item_ids) else np.zeros(len(ids), bool)
        return pos, found


def _picked(values: tuple[str, ...], cols: np.ndarray) -> tuple[str, ...]:
    """values at positions `cols`, as a tuple (itemgetter: no Python loop per position)."""
    if not values or not len(cols):
        return ()
    if len(cols) == 1:
        return (values[int(cols[0])],)
    return tuple(itemgetter(*cols.tolist())(values))


def _inverted(codes: np.ndarray, inverse: np.ndarray) -> dict[str, np.ndarray]:
    """Code -> the ascending positions whose inverse index points at it."""
    order = np.argsort(inverse, kind="stable")
    bounds = np.searchsorted(inverse[order], np.arange(len(codes) + 1))
    return {
        str(code): order[bounds[n] : bounds[n + 1]].astype(np.int64) for n, code in enumerate(codes)
    }


_META: dict[int, ItemMeta] = {}
_META_LOCK = threading.Lock()
# The vocabulary array the last meta was asked for, and that meta: serving asks with the same
# array object (a model's item_ids_) on every request, and hashing 1M ids costs milliseconds.
_LAST: list[tuple[np.ndarray, ItemMeta]] = []


def item_meta(item_ids: np.ndarray) -> ItemMeta:
    last = _LAST[0] if _LAST else None
    if last is not None and last[0] is item_ids:
        return last[1]
    key = hash(item_ids.tobytes())
    if key not in _META:
        with _META_LOCK:
            if key not in _META:
                _META.clear()
                _META[key] = _load_meta(item_ids)
    meta = _META[key]
    _LAST[:] = [(item_ids, meta)]
    return meta


def _load_meta(item_ids: np.ndarray) -> ItemMeta:
    rows = {
        r[0]: r
        for r in Content.objects.filter(pk__in=item_ids.tolist()).values_list(
            "id",
            "title",
            "original_language",
            "kind",
            "year",
            "overview",
            "popularity",
            "runtime_minutes",
            "episodes",
            "status",
        )
    }
    blank = (0, "", "", "", 0, "", 0.0, None, None, "")
    ordered = [rows.get(int(i), blank) for i in item_ids]
    column = {int(i): n for n, i in enumerate(item_ids)}
    slugs = tuple(Genre.objects.order_by("slug").values_list("slug", flat=True))
    genre_col = {
        gid: n for n, gid in enumerate(Genre.objects.order_by("slug").values_list("id", flat=True))
    }
    pairs = [
        (column[c], genre_col[g])
        for c, g in Content.genres.through.objects.filter(
            content_id__in=item_ids.tolist()
        ).values_list("content_id", "genre_id")
        if c in column and g in genre_col
    ]
    genres = sparse.csr_matrix(
        (np.ones(len(pairs), np.float32), ([p[0] for p in pairs], [p[1] for p in pairs])),
        shape=(len(item_ids), len(slugs)),
    )
    features = ItemFeatures(
        genres=genres,
        genre_names=slugs,
        languages=np.array([r[2] or "" for r in ordered], dtype=object),
        kinds=np.array([r[3] or "" for r in ordered], dtype=object),
        years=np.array([r[4] or 0 for r in ordered]),
        text=tuple(r[5] or "" for r in ordered),
        popularity=np.array([r[6] or 0.0 for r in ordered]),
        titles=tuple(r[1] or "" for r in ordered),
    )
    finished = np.array(  # bool even when empty: `& finished` on a float array raises
        [str(r[9]).lower() in {"ended", "finished airing", "canceled"} for r in ordered],
        dtype=bool,
    )
    return ItemMeta(
        item_ids=item_ids,
        features=features,
        runtime=np.array([r[7] or 0 for r in ordered]),
        episodes=np.array([r[8] or 0 for r in ordered]),
        finished=finished,
        genre_slugs=slugs,
        genre_dense=genres.toarray().astype(bool),
    )


def profile_with_visitor(
    profile: UserProfile | None, visitor: Visitor | None
) -> UserProfile | None:
    """The stored profile, its empty location and languages filled from where the visitor is."""
    if visitor is None or not (visitor.country or visitor.languages):
        return profile
    if profile is None:
        return UserProfile(
            languages=visitor.languages, country=visitor.country, region=visitor.region
        )
    return replace(
        profile,
        languages=profile.languages or visitor.languages,
        country=profile.country or visitor.country,
        region=profile.region or visitor.region,
    )


def user_state(user: User | None, meta: ItemMeta, visitor: Visitor | None = None) -> UserState:
    """The user's ratings and lists as of now (a rating wins over a list signal), with the
    profile the priors use (the visitor's location and languages where the profile has none)."""
    if user is None:
        return UserState(
            items=np.empty(0, np.int64),
            values=np.empty(0),
            stamps=np.empty(0),
            profile=profile_with_visitor(None, visitor),
        )
    signals = _signals(user.pk)
    ids = list(signals)
    pos, found = meta.columns(ids)
    values = (
        np.array([signals[i][0] for i in ids], dtype=np.float32)[found]
        if ids
        else np.empty(0, np.float32)
    )
    stamps = np.array([signals[i][1] for i in ids])[found] if ids else np.empty(0)
    profile = profile_with_visitor(user_profile(user), visitor)
    return UserState(items=pos[found], values=values, stamps=stamps, profile=profile)


# One round trip for the three signal tables (building three ORM queries was the largest part of a
# computed request). Rows come in the order the per-table queries had (newest first within a
# table); a later row overwrites an earlier one's value, so a favourite wins over the watchlist and
# a rating over both, while the title keeps its first position (explanations break ties by it).
_SIGNAL_SOURCES = ((WatchlistItem, "added_at"), (Favorite, "added_at"), (Rating, "updated_at"))


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)  # concrete columns only, never a reverse relation
    return connection.ops.quote_name(field.column)


@lru_cache(maxsize=1)
def _signals_sql() -> str:
    parts = []
    for rank, (model, stamp) in enumerate(_SIGNAL_SOURCES):
        value = _column(model, "rating") if model is Rating else "CAST(NULL AS REAL)"
        columns = ", ".join(
            (
                str(rank),
                _column(model, "content"),
                value,
                _column(model, stamp),
                _column(model, "id"),
            )
        )
        table = connection.ops.quote_name(model._meta.db_table)
        user = _column(model, "user")
        # identifiers come from the models' metadata, the user id is a bound parameter
        parts.append(f"SELECT {columns} FROM {table} WHERE {user} = %s")  # noqa: S608
    return " UNION ALL ".join(parts) + " ORDER BY 1, 4 DESC, 5 DESC"


_LIST_VALUES = (WATCHLIST_VALUE, FAVORITE_VALUE)


def _signals(user_id: int) -> dict[int, tuple[float, float]]:
    """content id -> (value, seconds since the epoch) of the user's strongest signal."""
    with connection.cursor() as cursor:
        cursor.execute(_signals_sql(), [user_id] * len(_SIGNAL_SOURCES))
        rows = cursor.fetchall()
    return {
        int(cid): (float(rating) if rating is not None else _LIST_VALUES[rank], _epoch(moment))
        for rank, cid, rating, moment, _ in rows
    }


def _epoch(moment: datetime | str) -> float:
    """Seconds since the epoch of a stored moment (naive values are UTC, as Django stores them)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def seen_content_ids(user: User | None) -> set[int]:
    if user is None:
        return set()
    seen = set(Rating.objects.filter(user=user).values_list("content_id", flat=True))
    seen |= set(WatchlistItem.objects.filter(user=user).values_list("content_id", flat=True))
    return seen | set(Favorite.objects.filter(user=user).values_list("content_id", flat=True))
