"""The one card loader: cached per title, country and language under the catalogue version."""

import pytest
from django.db import connection
from django.utils import translation

from apps.catalog.cards import title_cards
from apps.catalog.list_cache import catalog_cache_bump
from apps.catalog.models import Genre
from apps.catalog.tests.factories import ContentFactory
from apps.ott.models import Platform
from apps.ott.services import platforms_seed
from apps.ott.tests.factories import AvailabilityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def films():
    platforms_seed()
    films = [ContentFactory(title=f"Film {i}") for i in range(3)]
    AvailabilityFactory(content=films[0], platform=Platform.objects.get(slug="netflix"))
    return films


def test_cards_come_in_the_asked_order_with_where_to_watch_in_the_country(films):
    ids = [films[2].pk, films[0].pk, films[1].pk]
    cards = title_cards(ids, country="IN")
    assert [card.id for card in cards] == ids
    assert cards[1].where_to_watch is not None
    assert cards[1].where_to_watch["platforms"] == ["netflix"]
    assert title_cards([films[0].pk], country="US")[0].where_to_watch is None


def test_a_second_load_reads_the_cache_only(films, django_assert_num_queries):
    ids = [film.pk for film in films]
    title_cards(ids, country="IN")
    with django_assert_num_queries(0):
        assert len(title_cards(ids, country="IN")) == 3


def test_a_catalogue_bump_reloads_and_hidden_titles_are_left_out_of_lists(films):
    ids = [film.pk for film in films]
    title_cards(ids, country="IN")
    films[1].hidden = True
    films[1].save()
    catalog_cache_bump()
    assert [card.id for card in title_cards(ids, country="IN")] == [films[0].pk, films[2].pk]
    assert len(title_cards(ids, country="IN", include_hidden=True)) == 3


def test_cards_are_kept_per_language(films):
    youtube = Platform.objects.get(slug="youtube")
    AvailabilityFactory(content=films[2], platform=youtube, monetisation="free")
    with translation.override("en"):
        english = title_cards([films[2].pk], country="IN")[0].where_to_watch
    with translation.override("hi"):
        hindi = title_cards([films[2].pk], country="IN")[0].where_to_watch
    assert english is not None
    assert hindi is not None
    assert english["text"] == "free on YouTube"
    assert hindi["text"] != english["text"]  # not the cached English card


def test_a_card_lists_its_genre_slugs_by_genre_name_and_a_cold_load_is_two_queries(
    films, django_assert_num_queries
):
    thriller, action, drama = (
        Genre.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in (("thriller", "Thriller"), ("action", "Action"), ("drama", "Drama"))
    )
    films[1].genres.set([thriller, drama, action])
    # the cards' columns with their genres, then where to watch (SQLite: the genres apart)
    with django_assert_num_queries(2 if connection.vendor == "postgresql" else 3):
        cards = title_cards([films[1].pk, films[2].pk], country="IN")
    expected = tuple(g.slug for g in sorted((thriller, action, drama), key=lambda g: g.name))
    assert cards[0].genres == expected
    assert cards[1].genres == ()
