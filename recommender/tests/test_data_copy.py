"""The lean loader (recommender/data_copy.py) builds the InteractionData the dict loader built:
same users, titles, values, timestamps and profiles; a rating outranks list signals."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from django.db import connection
from scipy import sparse

from apps.accounts.models import Favorite, Rating, User, WatchlistItem
from apps.accounts.tests.factories import UserFactory
from apps.catalog.tests.factories import ContentFactory
from recommender.algorithms.base import InteractionData, UserProfile
from recommender.data import (
    FAVORITE_VALUE,
    WATCHLIST_VALUE,
    Catalog,
    catalog_snapshot,
    interaction_data,
    user_profile,
)
from recommender.data_copy import SOURCES, _Columns, copy_blocks, load_signals, values_blocks

pytestmark = pytest.mark.django_db


def _at(day: int, micro: int = 0) -> datetime:
    return datetime(2026, 3, day, 12, 30, 15, micro, tzinfo=UTC)


def _reference(catalog: Catalog, min_interactions: int = 1) -> InteractionData:
    """The dict loader as it was on main before the lean path, kept here as the yardstick."""
    from django.db.models import Count

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
        for uid, cid, added in model.objects.values_list("user_id", "content_id", "added_at"):
            if uid in row and cid in catalog.column:
                signals[(row[uid], catalog.column[cid])] = (value, added.timestamp())
    for uid, cid, value, updated in Rating.objects.values_list(
        "user_id", "content_id", "rating", "updated_at"
    ):
        if uid in row and cid in catalog.column:
            signals[(row[uid], catalog.column[cid])] = (float(value), updated.timestamp())
    keys = np.array(list(signals), dtype=np.int64).reshape(-1, 2)
    values = np.array([v[0] for v in signals.values()], dtype=np.float32)
    stamps = np.array([v[1] for v in signals.values()], dtype=np.float64)
    shape = (len(user_ids), len(catalog.item_ids))
    return InteractionData(
        user_ids=np.array(user_ids, dtype=np.int64),
        item_ids=catalog.item_ids,
        matrix=sparse.csr_matrix((values, (keys[:, 0], keys[:, 1])), shape=shape),
        timestamps=sparse.csr_matrix((stamps, (keys[:, 0], keys[:, 1])), shape=shape),
        item_features=catalog.features,
        user_profiles={row[u.pk]: user_profile(u) for u in User.objects.filter(pk__in=user_ids)},
    )


def _same_csr(left: sparse.csr_matrix, right: sparse.csr_matrix) -> None:
    left, right = left.tocsr(copy=True), right.tocsr(copy=True)
    left.sort_indices()
    right.sort_indices()
    assert left.shape == right.shape
    assert left.dtype == right.dtype
    np.testing.assert_array_equal(left.indptr, right.indptr)
    np.testing.assert_array_equal(left.indices, right.indices)
    np.testing.assert_array_equal(left.data, right.data)


def _same(lean: InteractionData, reference: InteractionData) -> None:
    np.testing.assert_array_equal(lean.user_ids, reference.user_ids)
    np.testing.assert_array_equal(lean.item_ids, reference.item_ids)
    _same_csr(lean.matrix, reference.matrix)
    assert lean.timestamps is not None
    assert reference.timestamps is not None
    _same_csr(lean.timestamps, reference.timestamps)
    assert dict(lean.user_profiles) == dict(reference.user_profiles)


@pytest.fixture
def library() -> dict[str, object]:
    """Three users and four titles (one adult, so outside the catalogue) with overlapping
    signals and sub-second timestamps."""
    keen = UserFactory(preferred_languages=["te", "hi"], preferred_genres=["action"], country="IN")
    lister = UserFactory(region="Kerala")
    lone = UserFactory()
    UserFactory()  # no signals at all: not a row
    a, b, c = ContentFactory(), ContentFactory(), ContentFactory()
    adult = ContentFactory(is_adult=True)
    Rating.objects.create(user=keen, content=a, rating=4)
    Favorite.objects.create(user=keen, content=a)  # the rating (4) wins over the favourite (9)
    WatchlistItem.objects.create(user=keen, content=b)
    Favorite.objects.create(user=keen, content=b)  # the favourite wins over the watchlist
    Rating.objects.create(user=keen, content=adult, rating=10)  # not in the catalogue
    WatchlistItem.objects.create(user=lister, content=c)
    Rating.objects.create(user=lone, content=c, rating=6)
    for n, model in enumerate((WatchlistItem, Favorite)):
        model.objects.update(added_at=_at(2 + n, 123457))
    Rating.objects.filter(user=lone).update(updated_at=_at(5, 999999))
    Rating.objects.filter(user=keen).update(updated_at=_at(6, 1))
    return {"keen": keen, "lister": lister, "lone": lone, "a": a, "b": b, "c": c}


def test_lean_loader_matches_the_dict_loader(library: dict[str, object]) -> None:
    catalog = catalog_snapshot()
    lean = interaction_data(catalog)
    _same(lean, _reference(catalog))
    assert lean.n_users == 3
    assert lean.matrix.nnz == 4


def test_a_rating_outranks_list_signals_with_its_own_timestamp(
    library: dict[str, object],
) -> None:
    data = interaction_data()
    keen, a, b = library["keen"], library["a"], library["b"]
    row = int(np.searchsorted(data.user_ids, keen.pk))  # type: ignore[attr-defined]
    col_a = int(np.searchsorted(data.item_ids, a.pk))  # type: ignore[attr-defined]
    col_b = int(np.searchsorted(data.item_ids, b.pk))  # type: ignore[attr-defined]
    assert data.matrix[row, col_a] == 4.0
    assert data.timestamps is not None
    assert data.timestamps[row, col_a] == _at(6, 1).timestamp()
    assert data.matrix[row, col_b] == FAVORITE_VALUE
    assert data.timestamps[row, col_b] == _at(3, 123457).timestamp()
    assert data.user_profiles[row] == UserProfile(
        languages=("te", "hi"), genres=("action",), country="IN"
    )


def test_min_interactions_drops_light_raters_but_keeps_listers(
    library: dict[str, object],
) -> None:
    catalog = catalog_snapshot()
    lean = interaction_data(catalog, min_interactions=2)
    _same(lean, _reference(catalog, min_interactions=2))
    lone = library["lone"]
    assert lone.pk not in set(lean.user_ids.tolist())  # type: ignore[attr-defined]
    assert lean.n_users == 2


def test_copy_and_values_paths_agree_on_postgresql(library: dict[str, object]) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("binary COPY needs PostgreSQL (DATABASE_URL=postgres://...)")
    items = catalog_snapshot().item_ids
    copied = load_signals(items, use_copy=True)
    streamed = load_signals(items, use_copy=False)
    np.testing.assert_array_equal(copied.user_ids, streamed.user_ids)
    _same_csr(copied.matrix, streamed.matrix)
    _same_csr(copied.timestamps, streamed.timestamps)
    assert copied.matrix.nnz == 4


def test_no_signals_gives_an_empty_matrix_over_the_catalogue() -> None:
    ContentFactory()
    data = interaction_data()
    assert data.matrix.shape == (0, 1)
    assert data.user_profiles == {}


def test_copy_blocks_split_anywhere_give_the_same_rows(library: dict[str, object]) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("binary COPY needs PostgreSQL (DATABASE_URL=postgres://...)")
    for source in SOURCES:
        tiny = list(copy_blocks(source, block_bytes=50))  # a block per row or two
        whole = list(values_blocks(source, block_rows=1_000))
        assert len(tiny) >= sum(b.user_id.size for b in tiny) // 2
        fields = ("user_id", "content_id", "value", "stamp")
        split = [np.concatenate([getattr(b, f) for b in tiny]) for f in fields]
        joined = [np.concatenate([getattr(b, f) for b in whole]) for f in fields]
        assert split[0].size == joined[0].size
        assert split[0].size > 0
        by_split, by_joined = np.lexsort(split[::-1]), np.lexsort(joined[::-1])
        for left, right in zip(split, joined, strict=True):
            np.testing.assert_array_equal(left[by_split], right[by_joined])


def test_columns_grow_when_rows_arrive_after_counting() -> None:
    columns = _Columns(2)
    for start in (0, 3):
        rows = np.arange(start, start + 3, dtype=np.int32)
        columns.extend(rows, rows + 10, rows.astype(np.float32), rows.astype(np.float64))
    assert columns.size == 6
    np.testing.assert_array_equal(columns.row[:6], np.arange(6))
    np.testing.assert_array_equal(columns.col[:6], np.arange(10, 16))
