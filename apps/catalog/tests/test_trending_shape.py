"""content_trending starts from the recent signals (UNION ALL, grouped, joined to the visible
titles) instead of joining the signals to every title: the same order on demo-shaped data."""

from datetime import timedelta

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from apps.accounts.models import Rating
from apps.accounts.tests.factories import UserFactory
from apps.analytics.models import Interaction
from apps.catalog.models import Content
from apps.catalog.selectors import ContentFilters, content_filter, content_trending
from apps.catalog.tests.factories import ContentFactory

pytestmark = pytest.mark.django_db


def _old_activity(since, filters, limit):
    """The query content_trending ran before (signals LEFT JOINed to every title)."""
    base = content_filter(Content.objects.all(), filters)
    return dict(
        base.filter(Q(ratings__updated_at__gte=since) | Q(interactions__created_at__gte=since))
        .annotate(activity=Count("id"))
        .values_list("id", "activity")
        .order_by("-activity", "id")[:limit]
    )


def _old_trending(filters, limit):
    """The old blend, on the old activity counts."""
    since = timezone.now() - timedelta(days=7)
    base = content_filter(Content.objects.all(), filters)
    activity = _old_activity(since, filters, limit)
    top = max(activity.values(), default=0)
    popular = list(base.order_by("-popularity", "id").values_list("id", "popularity")[:limit])
    scores = {cid: 0.3 * (pop or 0) / 100 for cid, pop in popular}
    for cid, count in activity.items():
        scores[cid] = scores.get(cid, 0.0) + 0.7 * count / top
    return sorted(scores, key=lambda cid: (-scores[cid], cid))[:limit]


@pytest.fixture
def demo_shaped():
    """Like the demo: titles in several languages, ratings from many users (some old), a few
    interactions on titles nobody rated this week, a hidden and an adult title with activity."""
    now = timezone.now()
    titles = [
        ContentFactory(original_language=lang, popularity=float(90 - 7 * i))
        for i, lang in enumerate(["te", "hi", "ta", "te", "en", "ja", "te", "hi", "kn", "ml"])
    ]
    hidden = ContentFactory(hidden=True, popularity=99.0)
    adult = ContentFactory(is_adult=True, popularity=98.0)
    users = [UserFactory() for _ in range(6)]
    for n, title in zip([5, 3, 3, 1, 0, 2, 0, 0, 4, 0], titles, strict=True):
        for user in users[:n]:
            Rating.objects.create(user=user, content=title, rating=8)
    for user in users:  # activity on titles no list may show
        Rating.objects.create(user=user, content=hidden, rating=9)
        Rating.objects.create(user=user, content=adult, rating=9)
    Rating.objects.filter(content=titles[8]).update(updated_at=now - timedelta(days=30))
    for title, n in [(titles[4], 4), (titles[6], 2), (titles[7], 1)]:
        for _ in range(n):
            Interaction.objects.create(content=title, kind="view", created_at=now)
    Interaction.objects.create(content=None, kind="search", created_at=now)
    Interaction.objects.create(content=titles[9], kind="view", created_at=now - timedelta(days=9))
    return titles, hidden, adult


@pytest.mark.parametrize(
    "filters",
    [ContentFilters(), ContentFilters(language="te"), ContentFilters(include_adult=True)],
    ids=["all", "telugu", "adult"],
)
def test_the_order_is_unchanged_on_demo_shaped_data(demo_shaped, filters):
    new = content_trending(filters=filters)
    old = _old_trending(filters, 200)

    assert len(new) >= 3
    assert new == old


def test_hidden_titles_and_old_signals_stay_out(demo_shaped):
    titles, hidden, adult = demo_shaped

    ids = content_trending(filters=ContentFilters())

    assert len(ids) == 10
    assert hidden.pk not in ids
    assert adult.pk not in ids
    assert ids[0] == titles[0].pk  # five ratings this week
    assert ids.index(titles[8].pk) > ids.index(titles[3].pk)  # its four ratings are a month old


def test_ratings_and_interactions_add_up():
    """A title with both: 2 recent ratings and 3 views are 5 signals, below 6 ratings (the old
    join counted the product of the two, 6, and tied)."""
    both, ratings_only = ContentFactory(popularity=1.0), ContentFactory(popularity=1.0)
    for user in [UserFactory(), UserFactory()]:
        Rating.objects.create(user=user, content=both, rating=7)
    for user in [UserFactory() for _ in range(6)]:
        Rating.objects.create(user=user, content=ratings_only, rating=7)
    for _ in range(3):
        Interaction.objects.create(content=both, kind="view", created_at=timezone.now())

    assert content_trending(filters=ContentFilters())[:2] == [ratings_only.pk, both.pk]
