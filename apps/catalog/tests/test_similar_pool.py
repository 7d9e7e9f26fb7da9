"""content_similar scores a bounded pool: the most popular titles sharing a genre and the most
popular of those in the title's own language, SIMILAR_POOL_PER_RESULT per title asked for
(at least SIMILAR_POOL_MIN)."""

import pytest

from apps.catalog import selectors
from apps.catalog.models import Genre
from apps.catalog.selectors import content_similar
from apps.catalog.tests.factories import ContentFactory

pytestmark = pytest.mark.django_db


def _titled(genres, **fields):
    content = ContentFactory(**fields)
    content.genres.set(genres)
    return content


@pytest.fixture
def shelf():
    action, drama = Genre.objects.get(slug="action"), Genre.objects.get(slug="drama")
    anchor = _titled([action, drama], original_language="te", year=2020, popularity=50.0)
    popular = [
        _titled([action], original_language="en", year=2020, popularity=90.0 - i) for i in range(30)
    ]
    # the best match (both genres, same language and year) is the least popular title
    best = _titled([action, drama], original_language="te", year=2020, popularity=0.5)
    _titled([drama], original_language="te", kind="tv", popularity=99.0)  # another kind
    return anchor, popular, best


def test_the_own_language_pool_finds_an_unpopular_best_match(shelf, monkeypatch):
    anchor, popular, best = shelf
    monkeypatch.setattr(selectors, "SIMILAR_POOL_PER_RESULT", 2)
    monkeypatch.setattr(selectors, "SIMILAR_POOL_MIN", 1)

    ids = content_similar(content=anchor, limit=3)

    assert len(ids) == 3
    assert ids[0] == best.pk
    assert ids[1:] == [popular[0].pk, popular[1].pk]


def test_the_pool_is_bounded_by_popularity(shelf, monkeypatch):
    anchor, popular, best = shelf
    monkeypatch.setattr(selectors, "SIMILAR_POOL_PER_RESULT", 2)
    monkeypatch.setattr(selectors, "SIMILAR_POOL_MIN", 1)

    ids = content_similar(content=anchor, limit=5)

    assert len(ids) == 5
    assert set(ids) <= {best.pk, *(p.pk for p in popular[:10])}
    assert popular[-1].pk not in ids


def test_a_wide_pool_scores_every_title_that_shares_a_genre(shelf):
    anchor, popular, best = shelf

    ids = content_similar(content=anchor, limit=40)

    assert len(ids) == 31
    assert ids == [best.pk, *(p.pk for p in popular)]
