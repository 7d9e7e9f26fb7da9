"""A genre's list read from the genre links' own listing (migration 0013, PostgreSQL): the same
ids in the same order as the list built from the titles, kept true by triggers on every write
(a title hidden, shown, made adult, re-ranked, moved to another language or kind, a link added
by the ORM or in bulk, removed, a title deleted). Skipped on SQLite, which has no listing."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.catalog.models import Content, Genre
from apps.catalog.selectors import (
    ContentFilters,
    GenreListing,
    content_list,
    content_list_ids,
    genre_listing,
)
from apps.catalog.tests.factories import ContentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres_only")]


@pytest.fixture
def genres() -> list[Genre]:
    return [
        Genre.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]
        for slug in ("mythology", "drama", "mecha")
    ]


@pytest.fixture
def catalogue(genres: list[Genre]) -> list[Content]:
    """80 titles over kinds and languages with popularity ties, hidden and adult ones."""
    rng = random.Random(5)
    titles = []
    for i in range(80):
        content = ContentFactory(
            kind=rng.choice(["movie", "tv", "anime"]),
            original_language=rng.choice(["te", "hi", "ta"]),
            popularity=float(rng.randint(0, 12)),
            hidden=i % 13 == 0,
            is_adult=i % 11 == 0,
        )
        content.genres.set(rng.sample(genres, rng.randint(0, 2)))
        titles.append(content)
    return titles


def _expected(genre: str, language: str | None = None, kind: str | None = None) -> list[int]:
    filters = ContentFilters(genre=genre, language=language, kind=kind)
    return list(content_list(filters=filters).values_list("id", flat=True))


def _listed(genre: str, language: str | None = None, kind: str | None = None) -> list[int]:
    listing = genre_listing(ContentFilters(genre=genre, language=language, kind=kind), "popularity")
    assert isinstance(listing, GenreListing)
    return listing[:1000]


@pytest.mark.parametrize("language", [None, "te", "hi"])
@pytest.mark.parametrize("kind", [None, "movie", "anime"])
def test_the_listing_is_the_titles_list(catalogue, language, kind) -> None:
    for genre in ("mythology", "drama", "mecha"):
        expected = _expected(genre, language, kind)
        assert _listed(genre, language, kind) == expected
        listing = genre_listing(
            ContentFilters(genre=genre, language=language, kind=kind), "popularity"
        )
        assert listing is not None
        assert listing[3:7] == expected[3:7]  # a page is the same slice
    assert _expected("mythology")  # the catalogue lists something


def test_every_write_keeps_the_listing_true(catalogue, genres) -> None:
    mythology, drama, _ = genres
    title = next(t for t in catalogue if not t.hidden and not t.is_adult)
    title.genres.set([mythology])

    title.hidden = True
    title.save()
    assert title.pk not in _listed("mythology")
    title.hidden = False
    title.save()
    assert title.pk in _listed("mythology")

    Content.objects.filter(pk=title.pk).update(is_adult=True)  # a queryset update too
    assert title.pk not in _listed("mythology")
    Content.objects.filter(pk=title.pk).update(is_adult=False, popularity=999.0)
    assert _listed("mythology")[0] == title.pk

    Content.objects.filter(pk=title.pk).update(original_language="kn", kind="tv")
    assert _listed("mythology", "kn", "tv") == [title.pk]
    assert title.pk not in _listed("mythology", "te")

    title.genres.remove(mythology)
    assert title.pk not in _listed("mythology")
    Content.genres.through.objects.bulk_create([Content.genres.through(content=title, genre=drama)])
    assert _listed("drama")[0] == title.pk

    title.delete()
    assert title.pk not in _listed("drama")
    for genre in ("mythology", "drama", "mecha"):  # and the rest is still the titles' list
        assert _listed(genre) == _expected(genre)


def test_a_title_created_with_its_genres_is_listed_at_once(genres) -> None:
    title = ContentFactory(original_language="te", popularity=50.0)
    title.genres.add(genres[0])
    assert _listed("mythology", "te") == [title.pk]


def test_only_what_the_listing_holds_is_read_from_it(catalogue) -> None:
    assert genre_listing(ContentFilters(genre="drama", year_min=2000), "popularity") is None
    assert genre_listing(ContentFilters(genre="drama"), "rating") is None
    assert (
        genre_listing(ContentFilters(genre="drama", platforms=("netflix",)), "popularity") is None
    )
    assert genre_listing(ContentFilters(language="te"), "popularity") is None
    assert genre_listing(ContentFilters(genre="no-such-genre"), "popularity")[:5] == []
    # every other list is the titles' own query, in the same order
    ids = content_list_ids(filters=ContentFilters(genre="drama", year_min=2000))
    assert list(ids) == _expected_with_year("drama", 2000)


def _expected_with_year(genre: str, year_min: int) -> list[int]:
    filters = ContentFilters(genre=genre, year_min=year_min)
    return list(content_list(filters=filters).values_list("id", flat=True))


def test_the_api_pages_a_genre_in_a_language_from_the_listing(api_client, catalogue) -> None:
    expected = _expected("drama", "te")
    assert len(expected) > 3

    with CaptureQueriesContext(connection) as queries:
        page = api_client.get("/api/content/genre/drama", {"language": "te", "page_size": 3})

    assert page.status_code == 200
    body = page.json()
    assert [row["id"] for row in body["results"]] == expected[:3]
    assert body["count"] == len(expected)
    listing_reads = [q["sql"] for q in queries.captured_queries if "list_popularity" in q["sql"]]
    assert len(listing_reads) == 2  # the capped count and the page, both from the links
