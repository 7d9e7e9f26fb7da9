"""SYNTHETIC data (recommender/synthetic.py, synthetic_store.py, manage.py generate_synthetic):
typed, seeded, chunked, with taste clusters that give ranking signal, and labelled everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from django.contrib.auth.hashers import is_password_usable
from django.core.management import CommandError, call_command
from django.db import connection

from apps.accounts.models import Favorite, Rating, User, WatchlistItem
from apps.accounts.tests.factories import UserFactory
from apps.catalog.models import Content
from recommender.data import interaction_data
from recommender.synthetic import (
    FAVORITE,
    RATING,
    WATCHLIST,
    Chunk,
    SyntheticConfig,
    catalogue,
    generate,
    user_clusters,
)


def _all(config: SyntheticConfig) -> Chunk:
    chunks = list(generate(config))
    return Chunk(
        *(np.concatenate([getattr(c, f) for c in chunks]) for f in Chunk.__dataclass_fields__)
    )


SMALL = SyntheticConfig(n_users=2_000, n_items=400, mean_per_user=30, n_clusters=4, chunk_users=300)


def test_same_seed_same_data_and_another_seed_other_data() -> None:
    first, again = _all(SMALL), _all(SMALL)
    other = _all(SyntheticConfig(**{**SMALL.__dict__, "seed": 1}))
    for field in Chunk.__dataclass_fields__:
        np.testing.assert_array_equal(getattr(first, field), getattr(again, field))
    assert len(first) != len(other) or not np.array_equal(first.item, other.item)


def test_arrays_are_typed_and_in_range() -> None:
    data = _all(SMALL)
    assert data.user.dtype == np.int32
    assert data.item.dtype == np.int32
    assert data.value.dtype == np.float32
    assert data.timestamp.dtype == np.int64
    assert len(data) > SMALL.n_users * 10
    assert data.user.min() == 0
    assert data.user.max() == SMALL.n_users - 1
    assert 0 <= data.item.min() <= data.item.max() < SMALL.n_items
    ratings = data.value[data.kind == RATING]
    assert ratings.min() >= 1
    assert ratings.max() <= 10
    shares = np.bincount(data.kind, minlength=3) / len(data)
    assert 0.6 < shares[RATING] < 0.75
    assert 0.2 < shares[WATCHLIST] < 0.35
    assert 0 < shares[FAVORITE] < 0.15


def test_one_signal_per_kind_and_favourites_are_highly_rated_titles() -> None:
    data = _all(SMALL)
    key = data.user.astype(np.int64) * SMALL.n_items + data.item
    for kind in (RATING, WATCHLIST, FAVORITE):
        assert np.unique(key[data.kind == kind]).size == int((data.kind == kind).sum())
    ratings = data.value[data.kind == RATING]
    rated = dict(zip(key[data.kind == RATING].tolist(), ratings.tolist(), strict=True))
    favourites = key[data.kind == FAVORITE].tolist()
    assert len(favourites) > 0
    assert all(rated[k] >= 9 for k in favourites)
    assert ratings.size > len(favourites)


def test_chunks_hold_their_own_users_only() -> None:
    chunks = list(generate(SMALL))
    assert len(chunks) == 7  # 2,000 users in chunks of 300
    for number, chunk in enumerate(chunks):
        assert chunk.user.min() >= number * 300
        assert chunk.user.max() < (number + 1) * 300


def test_popularity_is_heavy_headed_and_activity_heavy_tailed() -> None:
    data = _all(SMALL)
    per_item = np.sort(np.bincount(data.item, minlength=SMALL.n_items))[::-1]
    assert per_item[:40].sum() > 0.3 * per_item.sum()  # the top 10% of titles
    per_user = np.bincount(data.user, minlength=SMALL.n_users)
    assert per_user.max() > 5 * np.median(per_user)


def test_users_of_one_cluster_share_top_titles_and_rate_them_higher() -> None:
    data = _all(SMALL)
    cat = catalogue(SMALL)
    cluster = user_clusters(SMALL, cat, 0, SMALL.n_users)
    half = np.arange(SMALL.n_users) % 2

    def top(c: int, h: int) -> set[int]:
        mine = (cluster[data.user] == c) & (half[data.user] == h)
        return set(np.argsort(-np.bincount(data.item[mine], minlength=SMALL.n_items))[:20].tolist())

    same = [len(top(c, 0) & top(c, 1)) for c in range(4)]
    across = [len(top(c, 0) & top((c + 1) % 4, 1)) for c in range(4)]
    assert min(same) >= 12
    assert max(across) <= 8
    rated = data.kind == RATING
    liked = cat.cluster[data.item] == cluster[data.user]
    assert data.value[rated & liked].mean() > data.value[rated & ~liked].mean() + 1.5


def test_files_carry_the_synthetic_label(tmp_path: Path) -> None:
    call_command(
        "generate_synthetic", "--users", "500", "--titles", "100", "--chunk-users", "200",
        "--out", str(tmp_path),
    )  # fmt: skip
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["label"] == "SYNTHETIC"
    assert manifest["synthetic"] is True
    assert len(manifest["shards"]) == 3
    shard = np.load(tmp_path / manifest["shards"][0], allow_pickle=False)
    assert shard["user"].dtype == np.int32
    assert shard["user"].size > 0


@pytest.mark.django_db
def test_refuses_a_database_with_real_users() -> None:
    UserFactory()
    with pytest.raises(CommandError, match="real users"):
        call_command("generate_synthetic", "--users", "10", "--titles", "40", "--database")
    assert User.objects.count() == 1
    assert Content.objects.count() == 0


@pytest.mark.django_db
def test_allow_mixed_gets_past_the_refusal() -> None:
    UserFactory()
    args = ("generate_synthetic", "--users", "30", "--titles", "40", "--database", "--allow-mixed")
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command(*args)
        return
    call_command(*args)
    assert User.objects.count() == 31


@pytest.mark.django_db
def test_database_load_labels_every_row_and_the_loader_reads_it() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("COPY needs PostgreSQL (DATABASE_URL=postgres://...)")
    call_command(
        "generate_synthetic", "--users", "60", "--titles", "80", "--database", "--trust-references"
    )
    with connection.cursor() as cursor:  # the foreign-key triggers are back on afterwards
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
    titles = list(Content.objects.values_list("title", "provenance"))
    assert len(titles) == 80
    assert all(t.startswith("SYNTHETIC ") and p == {"synthetic": True} for t, p in titles)
    users = list(User.objects.all())
    assert len(users) == 60
    assert all(u.username.startswith("synthetic-") for u in users)
    assert all(u.email.endswith("@example.invalid") for u in users)
    assert not any(is_password_usable(u.password) for u in users)
    ratings, listed = Rating.objects.count(), WatchlistItem.objects.count()
    favourites = Favorite.objects.count()
    assert ratings > 0
    assert favourites > 0
    data = interaction_data()
    assert data.matrix.nnz == ratings + listed  # every favourite is also rated: the rating wins
    with pytest.raises(CommandError, match="already holds SYNTHETIC"):
        call_command("generate_synthetic", "--users", "5", "--titles", "40", "--database")
