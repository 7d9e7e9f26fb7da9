"""content_similar (apps/catalog/similar.py) scores a bounded pool: the most popular titles
sharing a genre and the most popular of those in the title's own language,
SIMILAR_POOL_PER_RESULT per title asked for (at least SIMILAR_POOL_MIN). These run on whichever
database the tests use (SQLite by default: the portable path)."""

import pytest

from apps.catalog import similar
from apps.catalog.models import Genre
from apps.catalog.selectors import content_similar  # re-exported for the API and serving
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
    monkeypatch.setattr(similar, "SIMILAR_POOL_PER_RESULT", 2)
    monkeypatch.setattr(similar, "SIMILAR_POOL_MIN", 1)

    ids = content_similar(content=anchor, limit=3)

    assert len(ids) == 3
    assert ids[0] == best.pk
    assert ids[1:] == [popular[0].pk, popular[1].pk]


def test_the_pool_is_bounded_by_popularity(shelf, monkeypatch):
    anchor, popular, best = shelf
    monkeypatch.setattr(similar, "SIMILAR_POOL_PER_RESULT", 2)
    monkeypatch.setattr(similar, "SIMILAR_POOL_MIN", 1)

    ids = content_similar(content=anchor, limit=5)

    assert len(ids) == 5
    assert set(ids) <= {best.pk, *(p.pk for p in popular[:10])}
    assert popular[-1].pk not in ids


def test_a_wide_pool_scores_every_title_that_shares_a_genre(shelf):
    anchor, popular, best = shelf

    ids = content_similar(content=anchor, limit=40)

    assert len(ids) == 31
    assert ids == [best.pk, *(p.pk for p in popular)]


def test_scores_add_genres_language_years_and_popularity_ties_by_id():
    """Hand-computed scores: 0.5 x Jaccard + 0.25 x same language + 0.1 x year closeness
    (1 / (1 + years apart / 5), 0.3 without a year) + 0.15 x popularity / 100."""
    action, drama, crime = (Genre.objects.get(slug=s) for s in ("action", "drama", "crime"))
    anchor = _titled([action, drama], original_language="te", year=2020, popularity=1.0)
    # 0.5 x 2/3 + 0.25 + 0.1 x 1/(1 + 10/5) + 0.15 x 0.4 = 0.6767
    wide = _titled([action, drama, crime], original_language="te", year=2010, popularity=40.0)
    # 0.5 x 1/2 + 0 + 0.1 x 1 + 0.15 x 0.9 = 0.4850
    foreign = _titled([action], original_language="en", year=2020, popularity=90.0)
    # 0.5 x 1/2 + 0.25 + 0.1 x 0.3 + 0 = 0.5300, twice: the lower id first
    undated = [
        _titled([drama], original_language="te", year=None, popularity=0.0) for _ in range(2)
    ]
    _titled([crime], original_language="te", year=2020, popularity=99.0)  # shares no genre

    assert content_similar(content=anchor, limit=10) == [
        wide.pk,
        undated[0].pk,
        undated[1].pk,
        foreign.pk,
    ]


def test_the_pool_grows_with_the_list_asked_for():
    assert similar.pool_size(1) == similar.SIMILAR_POOL_MIN
    assert similar.pool_size(100) == 100 * similar.SIMILAR_POOL_PER_RESULT


def test_hashing_pays_for_few_links_that_fit_in_hash_memory():
    titles, size, memory = 1_000_000, 500, 8 * 2**20
    assert similar.hashing_pays(40_000, titles, size, memory)  # a rare genre: hash it
    assert not similar.hashing_pays(480_000, titles, size, memory)  # drama: the walk is short
    # a smaller pool walks less: the same links are hashed only for the longer list
    assert not similar.hashing_pays(100_000, titles, 100, memory)
    assert similar.hashing_pays(100_000, titles, 500, memory)
    # never when PostgreSQL would refuse the hash for want of memory
    assert not similar.hashing_pays(40_000, titles, size, 1 * 2**20)
