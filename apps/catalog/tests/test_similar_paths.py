"""PostgreSQL reads the similar list's candidates in one statement, two ways (apps/catalog/
similar.py); both must read exactly the pool the portable ORM path reads, so the ranking is the
same on every database. Skipped on SQLite (the ORM path is the only one there)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.catalog import similar
from apps.catalog.models import Content, Genre
from apps.catalog.tests.factories import ContentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres_only")]


@pytest.fixture
def catalogue() -> list[Content]:
    """120 titles over three kinds, four languages and five genres, with hidden and adult ones
    and popularity ties (the pools break them by id)."""
    rng = random.Random(3)
    genres = list(Genre.objects.order_by("id")[:5])
    titles = []
    for i in range(120):
        content = ContentFactory(
            kind=rng.choice(["movie", "movie", "tv", "anime"]),
            original_language=rng.choice(["te", "hi", "en", "ja"]),
            year=rng.choice([None, 1990, 2005, 2018, 2020]),
            popularity=float(rng.randint(0, 30)),  # many ties
            hidden=i % 17 == 0,
            is_adult=i % 19 == 0,
        )
        content.genres.set(rng.sample(genres, rng.randint(0, 3)))
        titles.append(content)
    return titles


def _genres(content: Content) -> frozenset[int]:
    return frozenset(content.genres.values_list("id", flat=True))


@pytest.mark.parametrize("size", [1, 3, 8, 40, 200])
def test_both_statements_read_the_orm_pool(catalogue: list[Content], size: int) -> None:
    for anchor in catalogue[::7]:
        genres = _genres(anchor)
        orm = similar.candidates_orm(anchor, genres, size)
        assert similar.candidates_postgres(anchor, genres, size, "probe") == orm
        assert similar.candidates_postgres(anchor, genres, size, "hashed") == orm
    assert any(_genres(a) == frozenset() for a in catalogue[::7])  # the no-genre pool too


def test_the_list_is_the_ranking_of_the_orm_pool(catalogue: list[Content]) -> None:
    for anchor in catalogue[::5]:
        cache.clear()
        genres = _genres(anchor)
        expected = similar.rank(anchor, genres, similar.candidates_orm(anchor, genres, 100))
        assert similar.content_similar(content=anchor, limit=20) == expected[:20]


def test_a_title_with_its_genres_loaded_costs_two_reads(catalogue: list[Content]) -> None:
    anchor = Content.objects.prefetch_related("genres").get(pk=catalogue[1].pk)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        similar.content_similar(content=anchor, limit=20)
    reads = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(reads) == 2  # the statistics, then the pools with their rows and genres


def test_the_hashed_pool_keeps_a_hashed_filter_on_an_ordered_walk(
    catalogue: list[Content],
) -> None:
    """The `OR false` keeps the genre test a hashed SubPlan: pulled up into a join, the walk
    would lose its popularity order and read every title in the genres. (Which index the walk
    takes depends on the table's size: at 1M titles, content_visible_pop, docs/scale.md.)"""
    anchor = next(a for a in catalogue if _genres(a))
    sql = similar._pool_sql("hashed", with_genres=True).format(language="")
    params: dict[str, Any] = {
        "id": anchor.pk,
        "kind": anchor.kind,
        "genres": sorted(_genres(anchor)),
        "size": 5,
    }
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "hashed SubPlan" in plan


def test_the_statistics_choose_the_hashed_pool_only_where_it_pays(
    catalogue: list[Content],
) -> None:
    genres = list(Genre.objects.order_by("id")[:5])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalog_content_genres")
        cursor.execute("ANALYZE catalog_content")
    # ~50 links a genre among ~120 titles: 50^2 < 40 x size x 120 from a pool of 1
    assert similar.hashed_pays([genres[0].pk], size=1)
    assert not similar.hashed_pays([g.pk for g in genres], size=0)
    unknown = Genre.objects.exclude(pk__in=[g.pk for g in genres]).first()
    assert unknown is not None
    assert not similar.hashed_pays([unknown.pk], size=500)  # no statistics: the walk
