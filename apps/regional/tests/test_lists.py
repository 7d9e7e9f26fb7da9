"""Regional trending and popular: per language, filtered, paginated, moved by our own users."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from apps.accounts.services import favorite_add, rating_upsert
from apps.accounts.tests.factories import UserFactory
from apps.analytics.models import Interaction, InteractionKind
from apps.catalog.models import Genre
from apps.catalog.tests.factories import ContentFactory


@pytest.fixture
def kannada(db):
    return {
        "hit": ContentFactory(title="Old Hit", original_language="kn", popularity=90, year=2010),
        "known": ContentFactory(title="Known", original_language="kn", popularity=60, year=2018),
        "new": ContentFactory(title="New One", original_language="kn", popularity=2, year=2024),
        "telugu": ContentFactory(title="Telugu", original_language="te", popularity=99),
    }


def _titles(response):
    return [row["title"] for row in response.json()["results"]]


def test_twenty_ratings_this_hour_lift_a_title_to_the_top_at_once(api_client, kannada):
    url = "/api/regional/trending/kn"
    assert _titles(api_client.get(url)) == ["Old Hit", "Known", "New One"]
    for _ in range(20):
        rating_upsert(user=UserFactory(), content=kannada["new"], rating=9)
    assert _titles(api_client.get(url))[0] == "New One"


def test_one_view_moves_a_title_only_a_little(api_client, kannada):
    Interaction.objects.create(kind=InteractionKind.VIEW, content=kannada["new"])
    assert _titles(api_client.get("/api/regional/trending/kn"))[0] == "Old Hit"


def test_old_activity_decays_and_leaves_the_window(api_client, kannada):
    old = timezone.now() - timedelta(days=8)
    for _ in range(40):
        Interaction.objects.create(
            kind=InteractionKind.FAVORITE_ADD, content=kannada["new"], created_at=old
        )
    assert _titles(api_client.get("/api/regional/trending/kn"))[0] == "Old Hit"


def test_trending_holds_the_language_filter(api_client, kannada):
    for _ in range(20):
        favorite_add(user=UserFactory(), content=kannada["telugu"])
    titles = _titles(api_client.get("/api/regional/trending/kn"))
    assert "Telugu" not in titles
    assert len(titles) == 3


def test_filters_kind_genre_and_year_range(api_client, kannada):
    drama = Genre.objects.get_or_create(slug="drama", defaults={"name": "Drama"})[0]
    kannada["known"].genres.add(drama)
    for path in ("trending", "popular"):
        url = f"/api/regional/{path}/kn"
        assert _titles(api_client.get(url, {"genre": "drama"})) == ["Known"]
        assert _titles(api_client.get(url, {"year_min": 2015, "year_max": 2020})) == ["Known"]
        assert _titles(api_client.get(url, {"kind": "tv"})) == []


def test_lists_are_paginated(api_client, kannada):
    body = api_client.get("/api/regional/popular/kn", {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


def test_popular_is_long_run_standing_with_our_ratings(api_client, kannada):
    assert _titles(api_client.get("/api/regional/popular/kn")) == ["Old Hit", "Known", "New One"]
    for _ in range(30):
        rating_upsert(user=UserFactory(), content=kannada["known"], rating=8)
    cache.clear()  # popular is long-run: cached for the catalogue TTL, unlike trending
    assert _titles(api_client.get("/api/regional/popular/kn"))[0] == "Known"


@pytest.mark.parametrize("path", ["trending", "popular"])
def test_unknown_language_is_a_400_listing_supported_codes(api_client, kannada, path):
    response = api_client.get(f"/api/regional/{path}/xx")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unsupported_language"
    assert error["details"]["supported"][:7] == ["te", "hi", "ta", "kn", "ml", "en", "ja"]


def test_a_catalogue_language_beyond_the_first_class_ones_is_supported(api_client, db):
    ContentFactory(title="Marathi", original_language="mr")
    assert _titles(api_client.get("/api/regional/popular/mr")) == ["Marathi"]
    assert api_client.get("/api/regional/popular/ko").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "opera"},
        {"genre": "nope"},
        {"year_min": "x"},
        {"year_min": 2020, "year_max": 2000},
        {"page_size": 0},
    ],
)
def test_bad_filters_are_400_in_the_error_shape(api_client, kannada, query):
    response = api_client.get("/api/regional/trending/kn", query)
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message", "details"}


@pytest.mark.parametrize(
    ("lang", "word"), [("te", "భాషా"), ("hi", "भाषा"), ("ta", "மொழிக்"), ("kn", "ಭಾಷಾ")]
)
def test_the_unknown_language_message_is_translated(db, lang, word):
    from django.utils import translation

    from apps.core.exceptions import ApplicationError
    from apps.regional.selectors import language_check

    with translation.override(lang), pytest.raises(ApplicationError) as caught:
        language_check("xx")
    assert word in caught.value.message


@pytest.mark.parametrize("which", ["trending", "popular"])
def test_platform_filter_holds_on_regional_lists(api_client, kannada, which):
    from apps.ott.models import Platform
    from apps.ott.tests.factories import AvailabilityFactory

    AvailabilityFactory(content=kannada["known"], platform=Platform.objects.get(slug="zee5"))
    AvailabilityFactory(
        content=kannada["new"], platform=Platform.objects.get(slug="youtube"), monetisation="free"
    )
    AvailabilityFactory(content=kannada["hit"], platform=Platform.objects.get(slug="netflix"))

    mine = _titles(api_client.get(f"/api/regional/{which}/kn?platforms=zee5&country=IN"))
    unknown = api_client.get(f"/api/regional/{which}/kn?platforms=no-such-service")

    assert sorted(mine) == ["Known", "New One"]  # on Zee5, or free; Netflix's is left out
    assert unknown.status_code == 400
    assert "platforms" in unknown.json()["error"]["details"]


def test_regional_cards_carry_where_to_watch_in_one_query_per_page(
    api_client, kannada, django_assert_max_num_queries
):
    from apps.ott.models import Platform
    from apps.ott.tests.factories import AvailabilityFactory

    AvailabilityFactory(content=kannada["known"], platform=Platform.objects.get(slug="zee5"))
    api_client.get("/api/regional/popular/kn")  # warm the language list and list caches
    cache.clear()

    with django_assert_max_num_queries(8):
        rows = api_client.get("/api/regional/popular/kn?country=IN").json()["results"]

    by_title = {row["title"]: row for row in rows}
    assert "ZEE5" in by_title["Known"]["where_to_watch"]["text"]
    assert by_title["Old Hit"]["where_to_watch"] is None


def test_cached_regional_cards_say_where_to_watch_in_each_visitors_language(api_client, kannada):
    from datetime import date

    from apps.ott.models import Platform
    from apps.ott.tests.factories import AvailabilityFactory

    AvailabilityFactory(
        content=kannada["known"],
        platform=Platform.objects.get(slug="jiohotstar"),
        historical=True,
        as_of=date(2023, 1, 1),
        source="dataset:ott-hotstar 2023",
    )

    def text(language):
        response = api_client.get("/api/regional/popular/kn", HTTP_ACCEPT_LANGUAGE=language)
        return {row["title"]: row for row in response.json()["results"]}["Known"]

    assert text("te")["where_to_watch"]["text"] == "2023లో JioHotstarలో"
    assert text("hi")["where_to_watch"]["text"] == "2023 में JioHotstar पर"  # not the cached te
