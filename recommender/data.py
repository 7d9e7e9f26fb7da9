"""Builds the training data from the database: users x items (every catalogue title), ratings
and list signals with timestamps, item features from the catalogue, and user profiles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db.models import Count
from scipy import sparse

from apps.accounts.models import Favorite, Rating, User, WatchlistItem
from apps.catalog.models import Content, Genre
from recommender.algorithms.base import InteractionData, ItemFeatures, UserProfile

# Implicit signals on the 1-10 scale when the user has not rated the title.
FAVORITE_VALUE = 9.0
WATCHLIST_VALUE = 7.0


@dataclass(frozen=True)
class Catalog:
    """Item vocabulary and features for every title, in a fixed column order (content id ascending)."""

    item_ids: np.ndarray
    features: ItemFeatures
    column: dict[int, int]


def catalog_snapshot() -> Catalog:
    rows = list(
        Content.objects.filter(is_adult=False)
        .order_by("id")
        .values_list(
            "id", "title", "original_language", "kind", "year", "overview", "keywords", "popularity"
        )
    )
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    column = {int(cid): n for n, cid in enumerate(ids)}
    names = list(Genre.objects.order_by("slug").values_list("slug", flat=True))
    genre_col = {
        gid: n for n, gid in enumerate(Genre.objects.order_by("slug").values_list("id", flat=True))
    }
    through = Content.genres.through.objects.filter(content_id__in=column).values_list(
        "content_id", "genre_id"
    )
    pairs = [(column[c], genre_col[g]) for c, g in through if c in column and g in genre_col]
    genres = sparse.csr_matrix(
        (np.ones(len(pairs), np.float32), ([p[0] for p in pairs], [p[1] for p in pairs])),
        shape=(len(ids), len(names)),
    )
    features = ItemFeatures(
        genres=genres,
        genre_names=tuple(names),
        languages=np.array([r[2] or "" for r in rows], dtype=object),
        kinds=np.array([r[3] for r in rows], dtype=object),
        years=np.array([r[4] or 0 for r in rows]),
        text=tuple(f"{r[5]} {' '.join(r[6] or [])}".strip() for r in rows),
        popularity=np.array([r[7] or 0.0 for r in rows]),
        titles=tuple(r[1] for r in rows),
    )
    return Catalog(item_ids=ids, features=features, column=column)


def user_profile(user: User) -> UserProfile:
    return UserProfile(
        languages=tuple(user.preferred_languages or ()),
        genres=tuple(user.preferred_genres or ()),
        kinds=tuple(user.preferred_content_types or ()),
        country=user.country or "",
        region=user.region or "",
    )


def _stamp(moment: datetime) -> float:
    return moment.timestamp()


def interaction_data(catalog: Catalog | None = None, min_interactions: int = 1) -> InteractionData:
    """Every user with at least `min_interactions` signals; a rating wins over list signals."""
    catalog = catalog or catalog_snapshot()
    active = (
        Rating.objects.values("user_id")
        .annotate(n=Count("id"))
        .filter(n__gte=min_interactions)
        .values_list("user_id", flat=True)
    )
    user_ids = sorted(
        set(active)
        | set(WatchlistItem.objects.values_list("user_id", flat=True))
        | set(Favorite.objects.values_list("user_id", flat=True))
    )
    row = {uid: n for n, uid in enumerate(user_ids)}
    signals: dict[tuple[int, int], tuple[float, float]] = {}
    for model, value in ((WatchlistItem, WATCHLIST_VALUE), (Favorite, FAVORITE_VALUE)):
        for uid, cid, added in model.objects.values_list(
            "user_id", "content_id", "added_at"
        ).iterator(chunk_size=20000):
            if uid in row and cid in catalog.column:
                signals[(row[uid], catalog.column[cid])] = (value, _stamp(added))
    ratings = Rating.objects.values_list("user_id", "content_id", "rating", "updated_at").iterator(
        chunk_size=50000
    )
    for uid, cid, value, updated in ratings:
        if uid in row and cid in catalog.column:
            signals[(row[uid], catalog.column[cid])] = (float(value), _stamp(updated))
    keys = np.array(list(signals), dtype=np.int64).reshape(-1, 2)
    values = np.array([v[0] for v in signals.values()], dtype=np.float32)
    stamps = np.array([v[1] for v in signals.values()], dtype=np.float64)
    shape = (len(user_ids), len(catalog.item_ids))
    matrix = sparse.csr_matrix((values, (keys[:, 0], keys[:, 1])), shape=shape)
    timestamps = sparse.csr_matrix((stamps, (keys[:, 0], keys[:, 1])), shape=shape)
    profiles = {
        row[u.pk]: user_profile(u)
        for u in User.objects.filter(pk__in=user_ids).only(
            "id",
            "preferred_languages",
            "preferred_genres",
            "preferred_content_types",
            "country",
            "region",
        )
    }
    return InteractionData(
        user_ids=np.array(user_ids, dtype=np.int64),
        item_ids=catalog.item_ids,
        matrix=matrix,
        timestamps=timestamps,
        item_features=catalog.features,
        user_profiles=profiles,
    )
