"""Builds the training data from the database: users x items (every catalogue title), ratings
and list signals with timestamps, item features from the catalogue, and user profiles."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from apps.accounts.models import User
from apps.catalog.models import Content, Genre
from recommender.algorithms.base import InteractionData, ItemFeatures, UserProfile
from recommender.data_copy import load_signals
from recommender.signal_values import FAVORITE_VALUE, WATCHLIST_VALUE

__all__ = [
    "FAVORITE_VALUE",
    "WATCHLIST_VALUE",
    "Catalog",
    "catalog_snapshot",
    "interaction_data",
    "user_profile",
    "user_profiles",
]


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


def user_profiles(user_ids: np.ndarray) -> dict[int, UserProfile]:
    """Profiles by matrix row for the ascending `user_ids`: users who told us nothing share one
    empty profile, so a million users cost a dict entry each, not a model instance each."""
    empty = UserProfile()
    profiles = dict.fromkeys(range(int(user_ids.size)), empty)
    told = User.objects.exclude(
        preferred_languages=[],
        preferred_genres=[],
        preferred_content_types=[],
        country="",
        region="",
    ).values_list(*_PROFILE_COLUMNS)
    for pk, languages, genres, kinds, country, region in told.iterator(chunk_size=20000):
        at = int(np.searchsorted(user_ids, pk))
        if at < user_ids.size and user_ids[at] == pk:
            profiles[at] = UserProfile(
                languages=tuple(languages or ()),
                genres=tuple(genres or ()),
                kinds=tuple(kinds or ()),
                country=country or "",
                region=region or "",
            )
    return profiles


_PROFILE_COLUMNS = (
    "id",
    "preferred_languages",
    "preferred_genres",
    "preferred_content_types",
    "country",
    "region",
)


def interaction_data(catalog: Catalog | None = None, min_interactions: int = 1) -> InteractionData:
    """Every user with at least `min_interactions` ratings or anything on a list; a rating wins
    over list signals. Read in O(interactions) memory (recommender/data_copy.py): binary COPY on
    PostgreSQL, streamed `values_list` blocks elsewhere."""
    catalog = catalog or catalog_snapshot()
    signals = load_signals(catalog.item_ids, min_interactions)
    return InteractionData(
        user_ids=signals.user_ids,
        item_ids=catalog.item_ids,
        matrix=signals.matrix,
        timestamps=signals.timestamps,
        item_features=catalog.features,
        user_profiles=user_profiles(signals.user_ids),
    )
