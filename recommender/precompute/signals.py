"""A chunk's signals in one query: ratings, watchlist and favourites of all its users (UNION
ALL), then for each user and title the strongest signal, as recommender/data_copy.py keeps it
(a rating over a favourite over a watchlist entry)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Expression, FloatField, IntegerField, QuerySet, Value
from django.db.models.functions import Cast

from apps.accounts.models import Favorite, Rating, WatchlistItem
from recommender.signal_values import FAVORITE_VALUE, WATCHLIST_VALUE


@dataclass(frozen=True)
class ChunkSignals:
    """One row per (user, title), the strongest signal's value; sorted by user then title."""

    user_id: np.ndarray  # int64
    content_id: np.ndarray  # int64
    value: np.ndarray  # float32

    def of(self, user_id: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = np.searchsorted(self.user_id, [user_id, user_id + 1])
        return self.content_id[lo:hi], self.value[lo:hi]


def chunk_signals(user_ids: list[int]) -> ChunkSignals:
    def rows(
        model: type[WatchlistItem] | type[Favorite] | type[Rating], value: Expression, strength: int
    ) -> QuerySet[Any, tuple[int, int, float, int]]:
        return (
            model.objects.filter(user_id__in=user_ids)
            .order_by()
            .annotate(v=value, s=Value(strength, output_field=IntegerField()))
            .values_list("user_id", "content_id", "v", "s")
        )

    query = rows(WatchlistItem, Value(WATCHLIST_VALUE, output_field=FloatField()), 0).union(
        rows(Favorite, Value(FAVORITE_VALUE, output_field=FloatField()), 1),
        rows(Rating, Cast("rating", FloatField()), 2),
        all=True,
    )
    data = np.array(list(query), dtype=np.float64).reshape(-1, 4)
    users, titles = data[:, 0].astype(np.int64), data[:, 1].astype(np.int64)
    order = np.lexsort((data[:, 3], titles, users))  # by user, title, then strength
    users, titles, values = users[order], titles[order], data[order, 2].astype(np.float32)
    last = np.ones(len(users), dtype=bool)  # the strongest is the last of each (user, title)
    last[:-1] = (users[1:] != users[:-1]) | (titles[1:] != titles[:-1])
    return ChunkSignals(users[last], titles[last], values[last])
