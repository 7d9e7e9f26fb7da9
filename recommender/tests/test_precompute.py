"""The batch precompute (recommender/precompute): keyset paging, the chunk's one signals query,
records equal to the online path (or, for ALS, to the fold-in's top-k over unseen titles), stale
versions never served, the Celery fan-out (eager in tests)."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from apps.accounts.models import Favorite, Rating, User, WatchlistItem
from apps.accounts.tests.factories import UserFactory
from apps.analytics.activity import user_activity_bump, user_activity_version
from apps.analytics.models import Interaction
from apps.catalog.tests.factories import ContentFactory
from config.celery import app as celery_app
from recommender import tasks
from recommender.algorithms.als import ImplicitAlsRecommender
from recommender.algorithms.base import UserState
from recommender.models import ModelArtifact
from recommender.precompute.chunk import TOP_N, compute_chunk
from recommender.precompute.signals import chunk_signals
from recommender.precompute.users import active_user_pages
from recommender.serving import keys
from recommender.serving.batch import decode, encode, precomputed, record_key
from recommender.serving.engine import recommend
from recommender.serving.keys import batch_key, versions_tag
from recommender.serving.reasons import Reason
from recommender.serving.registry import registry
from recommender.serving.types import RecoItem, RecoRequest, RecoResult
from recommender.signal_values import FAVORITE_VALUE, WATCHLIST_VALUE
from recommender.tests.api.conftest import trained, world  # noqa: F401  (fixtures)


@pytest.fixture
def mixed_activity(db):
    """Users active through each kind of signal, and users whose signals are all old."""
    title = ContentFactory()
    old = timezone.now() - timedelta(days=400)
    active, inactive = [], []
    for n in range(11):
        user = UserFactory()
        kind = n % 4
        if kind == 0:
            Rating.objects.create(user=user, content=title, rating=7)
        elif kind == 1:
            WatchlistItem.objects.create(user=user, content=title)
        elif kind == 2:
            Favorite.objects.create(user=user, content=title)
        else:
            Interaction.objects.create(user=user, content=title, kind="view")
        active.append(user.pk)
    for _ in range(4):
        user = UserFactory()
        Rating.objects.create(user=user, content=title, rating=5)
        Rating.objects.filter(user=user).update(updated_at=old)
        WatchlistItem.objects.create(user=user, content=title, added_at=old)
        inactive.append(user.pk)
    return sorted(active), inactive


@pytest.mark.parametrize("page_size", [1, 3, 11, 50])
def test_keyset_pages_cover_every_active_user_exactly_once(mixed_activity, page_size):
    active, inactive = mixed_activity
    pages = list(active_user_pages(page_size))
    flat = [uid for page in pages for uid in page]
    assert len(flat) == len(active) == 11
    assert flat == active  # ascending, no repeats, nothing inactive
    assert not set(flat) & set(inactive)
    assert all(len(page) <= page_size for page in pages)


def test_a_page_is_one_keyset_query(mixed_activity, django_assert_num_queries):
    pages = active_user_pages(4)
    with django_assert_num_queries(1) as captured:
        next(pages)
    sql = captured.captured_queries[0]["sql"].upper()
    assert "OFFSET" not in sql
    assert "ORDER BY" in sql


def test_chunk_signals_are_one_query_and_the_strongest_signal_wins(db, django_assert_num_queries):
    a, b = UserFactory(), UserFactory()
    x, y, z = ContentFactory(), ContentFactory(), ContentFactory()
    WatchlistItem.objects.create(user=a, content=x)
    Rating.objects.create(user=a, content=x, rating=8)  # rating over watchlist
    WatchlistItem.objects.create(user=a, content=y)
    Favorite.objects.create(user=a, content=y)  # favourite over watchlist
    WatchlistItem.objects.create(user=b, content=z)
    Rating.objects.create(user=UserFactory(), content=z, rating=2)  # another user: not read
    with django_assert_num_queries(1):
        signals = chunk_signals([a.pk, b.pk])
    titles, values = signals.of(a.pk)
    assert dict(zip(titles.tolist(), values.tolist(), strict=True)) == {
        x.pk: 8.0,
        y.pk: pytest.approx(FAVORITE_VALUE),
    }
    titles, values = signals.of(b.pk)
    assert titles.tolist() == [z.pk]
    assert values.tolist() == [pytest.approx(WATCHLIST_VALUE)]


def test_a_record_round_trips_ids_reasons_and_versions():
    result = RecoResult(
        [
            RecoItem(7, 1.2345, Reason("because_you_liked", {"title": "Baahubali"})),
            RecoItem(2_000_000_000, -0.5, Reason("popular_in_language", {"language": "te"})),
            RecoItem(9, 0.25, Reason("because_you_liked", {"title": "Baahubali"})),
        ],
        "als",
        [{"algorithm": "hybrid", "reason": "cold"}],
        {"als": 4},
    )
    data = encode(result)
    back = decode(data)
    assert [i.content_id for i in back.items] == [7, 2_000_000_000, 9]
    assert [i.reason for i in back.items] == [i.reason for i in result.items]
    assert [i.score for i in back.items] == pytest.approx([1.2345, -0.5, 0.25], abs=1e-3)
    assert (back.algorithm, back.fallbacks, back.model_versions) == (
        "als",
        [{"algorithm": "hybrid", "reason": "cold"}],
        {"als": 4},
    )
    assert encode(result) == data  # a repeat writes the same bytes


def test_the_batch_writes_under_the_key_serving_and_lifecycle_use(db):
    user = UserFactory()
    user_activity_bump(user.pk)
    assert record_key(user.pk, user_activity_version(user.pk), versions_tag()) == batch_key(user.pk)


def _same(record: RecoResult, online: RecoResult) -> None:
    assert len(online.items) > 0
    assert [i.content_id for i in record.items] == [i.content_id for i in online.items]
    assert [i.reason for i in record.items] == [i.reason for i in online.items]
    assert [i.score for i in record.items] == pytest.approx(
        [i.score for i in online.items], rel=2e-3, abs=2e-3
    )
    assert record.algorithm == online.algorithm
    assert record.model_versions == online.model_versions


@pytest.mark.usefixtures("trained")
def test_without_als_a_chunk_writes_what_the_online_path_ranks():
    ModelArtifact.objects.filter(algorithm="als").update(is_active=False)
    registry.reset()
    users = list(Rating.objects.values_list("user_id", flat=True).distinct().order_by("user_id"))
    assert len(users) == 30
    stats = compute_chunk(users[:6])
    assert (stats["users"], stats["online"]) == (6, 6)
    for user in users[:6]:
        record = precomputed(user)
        assert record is not None
        _same(record, recommend(User.objects.get(pk=user), RecoRequest(k=TOP_N)))
        assert record.algorithm != "als"


@pytest.mark.usefixtures("trained")
def test_below_the_two_stage_size_an_active_als_leaves_the_batch_to_the_online_path():
    model = registry.get("als")
    assert isinstance(model, ImplicitAlsRecommender)
    users = list(Rating.objects.values_list("user_id", flat=True).distinct().order_by("user_id"))
    stats = compute_chunk(users[:4])
    assert (stats["users"], stats["online"]) == (4, 4)
    for user in users[:4]:
        record = precomputed(user)
        assert record is not None
        _same(record, recommend(User.objects.get(pk=user), RecoRequest(k=TOP_N)))


@pytest.mark.usefixtures("trained")
def test_with_als_a_chunk_writes_the_fold_in_top_k_of_unseen_titles(settings):
    settings.TWO_STAGE_MIN_TITLES = 0  # a catalogue large enough for two-stage serving
    model = registry.get("als")
    assert isinstance(model, ImplicitAlsRecommender)
    users = list(Rating.objects.values_list("user_id", flat=True).distinct().order_by("user_id"))
    stats = compute_chunk(users)
    assert stats["users"] == 30
    assert stats["online"] == 0
    item_ids = np.asarray(model.item_ids_)
    checked = 0
    for user in users:
        record = precomputed(user)
        assert record is not None
        assert record.algorithm == "als"
        seen = set(Rating.objects.filter(user_id=user).values_list("content_id", flat=True))
        cols = np.flatnonzero(np.isin(item_ids, list(seen)))
        scores = model.fold_in(
            UserState(items=cols, values=np.ones(len(cols)), stamps=np.zeros(len(cols)))
        )
        scores[cols] = -np.inf
        unseen = len(item_ids) - len(cols)
        expected = np.argsort(-scores, kind="stable")[: min(TOP_N, unseen)]
        got = [i.content_id for i in record.items]
        assert len(got) == len(expected) > 0
        assert not set(got) & seen
        assert [i.score for i in record.items] == pytest.approx(scores[expected].tolist(), abs=2e-3)
        assert set(got) == set(item_ids[expected].tolist())  # ties may swap places
        assert all(i.reason.code == "because_you_liked" for i in record.items)
        checked += 1
    assert checked == 30


@pytest.mark.usefixtures("trained")
def test_stale_versions_are_not_served(monkeypatch):
    user = Rating.objects.values_list("user_id", flat=True).first()
    compute_chunk([user])
    assert precomputed(user) is not None
    monkeypatch.setattr(keys, "versions_tag", lambda: "another-model")  # a model swap
    assert precomputed(user) is None
    monkeypatch.undo()
    assert precomputed(user) is not None
    user_activity_bump(user)  # the user acted after the record was written
    assert precomputed(user) is None
    compute_chunk([user])  # the next run writes under the new version
    assert precomputed(user) is not None


@pytest.mark.usefixtures("trained")
def test_the_coordinator_fans_out_every_active_user_once_eagerly(monkeypatch):
    # Celery's own config, not Django's setting (read once when the app starts): on the
    # PostgreSQL + Redis leg the app was built with a real broker and no worker runs this
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    users = sorted(set(Rating.objects.values_list("user_id", flat=True)))
    idle = UserFactory()
    outcome = tasks.precompute.delay(chunk=7, days=365).get()
    assert outcome["users"] == len(users) == 30
    assert outcome["chunks"] == 5  # 7 + 7 + 7 + 7 + 2
    assert len(outcome["groups"]) == 1
    assert all(precomputed(user) is not None for user in users)
    assert precomputed(idle.pk) is None
    first = [precomputed(u) for u in users]
    again = tasks.precompute.delay(chunk=7, days=365).get()  # a repeat is harmless
    assert again["users"] == 30
    assert [precomputed(u) for u in users] == first
