"""What serving reads about a user: every signal once, the strongest wins, real timestamps."""

from datetime import UTC, datetime

import numpy as np
import pytest

from apps.accounts.models import Favorite, Rating, WatchlistItem
from apps.accounts.tests.factories import UserFactory
from apps.catalog.tests.factories import ContentFactory
from recommender.data import FAVORITE_VALUE, WATCHLIST_VALUE
from recommender.serving.items import item_meta, user_state

pytestmark = pytest.mark.django_db


def _at(day: int) -> datetime:
    return datetime(2026, 3, day, 12, 30, tzinfo=UTC)


def test_user_state_merges_ratings_and_lists_with_the_rating_winning() -> None:
    user, other = UserFactory(), UserFactory()
    listed, favourite, rated, both, untouched = (ContentFactory() for _ in range(5))
    meta = item_meta(np.array(sorted(c.pk for c in (listed, favourite, rated, both, untouched))))
    WatchlistItem.objects.create(user=user, content=listed)
    WatchlistItem.objects.create(user=user, content=both)
    Favorite.objects.create(user=user, content=favourite)
    Favorite.objects.create(user=user, content=both)
    Rating.objects.create(user=user, content=rated, rating=7)
    Rating.objects.create(user=user, content=both, rating=3)
    Rating.objects.create(user=other, content=untouched, rating=10)  # someone else's
    for model, content, day in (
        (WatchlistItem, listed, 1),
        (WatchlistItem, both, 2),
        (Favorite, favourite, 3),
        (Favorite, both, 4),
    ):
        model.objects.filter(user=user, content=content).update(added_at=_at(day))
    Rating.objects.filter(user=user, content=rated).update(updated_at=_at(5))
    Rating.objects.filter(user=user, content=both).update(updated_at=_at(6))

    state = user_state(user, meta)

    got = {
        int(meta.item_ids[pos]): (float(value), float(stamp))
        for pos, value, stamp in zip(state.items, state.values, state.stamps, strict=True)
    }
    assert got == {
        listed.pk: (WATCHLIST_VALUE, _at(1).timestamp()),
        favourite.pk: (FAVORITE_VALUE, _at(3).timestamp()),
        rated.pk: (7.0, _at(5).timestamp()),
        both.pk: (3.0, _at(6).timestamp()),  # the rating outranks the favourite and the watchlist
    }
    assert len(state.items) == 4  # each title once


def test_user_state_of_a_user_with_no_signals_is_empty() -> None:
    content = ContentFactory()
    state = user_state(UserFactory(), item_meta(np.array([content.pk])))
    assert state.empty
    assert len(state.items) == len(state.values) == len(state.stamps) == 0


def test_time_aware_boosts_on_an_empty_catalogue_are_empty_not_an_error():
    """A weekend evening over no titles: `& finished` on an empty float array raised, and the
    signed-in home page answered 500 at weekends on a fresh install (found by OPTIONS on /)."""
    from recommender.serving.rerank import Context, context_boost

    meta = item_meta(np.array([], dtype=np.int64))

    boost, why = context_boost(meta, Context(hour=23, weekday=6))

    assert meta.finished.dtype == bool
    assert boost.shape == (0,)
    assert set(why) == {"weekend_movie_night", "binge_worthy", "late_night_pick"}
