"""The batch precompute's vectorised steps equal the per-user ones they replace: the batched
fold-in equals ImplicitAlsRecommender.user_vectors, the chunk-wide reason codes equal a per-row
np.unique, and the packed (bytea) read of a chunk's signals equals the ORM's (PostgreSQL)."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection
from scipy import sparse

from apps.accounts.models import Favorite, Rating, WatchlistItem
from apps.accounts.tests.factories import UserFactory
from apps.catalog.tests.factories import ContentFactory
from recommender.algorithms.als import AlsConfig, ImplicitAlsRecommender
from recommender.precompute import ranking
from recommender.precompute.chunk import row_codes
from recommender.precompute.signals import _orm_rows, _packed_rows, chunk_signals


def _model(items: int, *, scale: bool) -> ImplicitAlsRecommender:
    rng = np.random.default_rng(1)
    return ImplicitAlsRecommender.from_factors(
        user_ids=np.arange(1),
        item_ids=np.arange(items),
        user_factors=np.zeros((1, 16), np.float32),
        item_factors=rng.normal(0, 0.3, (items, 16)).astype(np.float32),
        seen=sparse.csr_matrix((1, items)),
        config=AlsConfig(factors=16, scale_regularization=scale),
    )


@pytest.mark.parametrize("scale", [False, True])
@pytest.mark.parametrize("block", [1, 3, 32])
def test_the_batched_fold_in_equals_the_models_per_user_fold_in(monkeypatch, scale, block):
    monkeypatch.setattr(ranking, "FOLD_IN_BLOCK", block)
    model = _model(200, scale=scale)
    rng = np.random.default_rng(2)
    lengths = [0, 1, 5, 40, 0, 3, 120, 7, 2, 60]  # empty rows and very different lengths
    rows = np.repeat(np.arange(len(lengths)), lengths)
    cols = np.concatenate([rng.choice(200, n, replace=False) for n in lengths])
    history = sparse.csr_matrix(
        (np.ones(len(cols), np.float32), (rows, cols)), shape=(len(lengths), 200)
    )
    got = ranking.user_vectors(model, history)
    expected = model.user_vectors(history)
    assert got.shape == expected.shape == (len(lengths), 16)
    assert not got[0].any()
    assert not got[4].any()
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_chunk_wide_reason_codes_equal_a_per_row_unique():
    rng = np.random.default_rng(3)
    anchors = rng.integers(0, 9, (50, 12))
    picked = rng.random((50, 12)) > 0.2
    picked[7] = False  # a row with nothing picked
    anchors[~picked] = -1
    distinct, codes, starts = row_codes(anchors, picked)
    assert len(starts) == 51
    for r in range(50):
        want, inverse = np.unique(anchors[r][picked[r]], return_inverse=True)
        assert distinct[starts[r] : starts[r + 1]].tolist() == want.tolist()
        assert codes[r][picked[r]].tolist() == inverse.ravel().tolist()
    assert starts[8] == starts[7]


@pytest.mark.django_db
def test_the_packed_read_reads_what_the_orm_reads():
    if connection.vendor != "postgresql":
        pytest.skip("the packed read needs PostgreSQL (DATABASE_URL=postgres://...)")
    a, b, other = UserFactory(), UserFactory(), UserFactory()
    x, y, z = ContentFactory(), ContentFactory(), ContentFactory()
    WatchlistItem.objects.create(user=a, content=x)
    Rating.objects.create(user=a, content=x, rating=8)
    Favorite.objects.create(user=a, content=y)
    Rating.objects.create(user=b, content=z, rating=3)
    Rating.objects.create(user=other, content=z, rating=2)  # not in the chunk
    copied, orm = _packed_rows([a.pk, b.pk]), _orm_rows([a.pk, b.pk])
    order_c = np.lexsort((copied[3], copied[1], copied[0]))
    order_o = np.lexsort((orm[3], orm[1], orm[0]))
    for got, want in zip(copied, orm, strict=True):
        assert got[order_c].tolist() == pytest.approx(want[order_o].tolist())
    assert len(copied[0]) == 4
    assert chunk_signals([]).user_id.size == 0
