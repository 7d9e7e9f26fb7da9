from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Rating
from apps.accounts.tests.factories import UserFactory
from apps.analytics.models import Interaction, SearchQuery
from apps.catalog.models import Genre
from apps.catalog.tests.factories import ContentFactory

pytestmark = pytest.mark.django_db


def genre(slug):
    return Genre.objects.get(slug=slug)


@pytest.fixture
def catalog():
    action, romance, comedy = genre("action"), genre("romance"), genre("comedy")
    rrr = ContentFactory(title="RRR", original_language="te", year=2022, popularity=99, rating=7.8)
    rrr.genres.add(action)
    pushpa = ContentFactory(
        title="Pushpa: The Rise", original_language="te", year=2021, popularity=95, rating=7.6
    )
    pushpa.genres.add(action)
    dilwale = ContentFactory(
        title="Dilwale Dulhania Le Jayenge",
        original_language="hi",
        year=1995,
        popularity=90,
        rating=8.0,
    )
    dilwale.genres.add(romance)
    naruto = ContentFactory(
        title="Naruto", kind="anime", original_language="ja", year=2002, popularity=97, rating=8.0
    )
    naruto.genres.add(action, comedy)
    return {"rrr": rrr, "pushpa": pushpa, "dilwale": dilwale, "naruto": naruto}


def titles(response):
    assert response.status_code == 200, response.content
    return [r["title"] for r in response.json()["results"]]


def test_popular_filters_by_language_and_kind_and_orders(api_client, catalog):
    url = reverse("content-api:popular")
    assert titles(api_client.get(url, {"language": "te"})) == ["RRR", "Pushpa: The Rise"]
    assert titles(api_client.get(url, {"kind": "anime"})) == ["Naruto"]
    assert titles(api_client.get(url, {"ordering": "rating"}))[:2] == [
        "Dilwale Dulhania Le Jayenge",
        "Naruto",
    ]
    assert titles(api_client.get(url, {"year_min": 2021, "ordering": "year"})) == [
        "RRR",
        "Pushpa: The Rise",
    ]


def test_genre_lists_only_that_genre(api_client, catalog):
    assert titles(
        api_client.get(reverse("content-api:genre", args=["action"]), {"language": "te"})
    ) == ["RRR", "Pushpa: The Rise"]
    missing = api_client.get(reverse("content-api:genre", args=["polka"]))
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_search_tolerates_typos_and_records_history(api_client, catalog):
    response = api_client.get(reverse("content-api:search"), {"q": "pushpa the rize"})

    assert titles(response)[0] == "Pushpa: The Rise"
    history = SearchQuery.objects.get()
    assert (history.query, history.result_count) == ("pushpa the rize", 1)
    assert Interaction.objects.filter(kind="search").count() == 1


def test_search_with_filters_and_nothing_found(api_client, catalog):
    url = reverse("content-api:search")
    assert titles(api_client.get(url, {"q": "naruto", "kind": "movie"})) == []
    assert SearchQuery.objects.get().filters == {"kind": "movie"}


def test_trending_puts_recent_activity_first(api_client, catalog):
    fan = UserFactory()
    Rating.objects.create(user=fan, content=catalog["dilwale"], rating=9)
    Rating.objects.filter(user=fan).update(updated_at=timezone.now() - timedelta(hours=2))

    day = titles(api_client.get(reverse("content-api:trending"), {"window": "day"}))

    assert day[0] == "Dilwale Dulhania Le Jayenge"
    assert set(day) == {"RRR", "Pushpa: The Rise", "Dilwale Dulhania Le Jayenge", "Naruto"}


def test_details_merge_all_ratings_and_the_users_own_state(auth_client, user, catalog):
    rrr = catalog["rrr"]
    Rating.objects.create(user=user, content=rrr, rating=9, review="Naatu naatu!")
    auth_client.post(reverse("user-api:watchlist"), {"content_id": rrr.pk}, format="json")

    body = auth_client.get(reverse("content-api:details", args=[rrr.pk])).json()

    assert body["title"] == "RRR"
    assert body["genres"] == ["action"]
    assert body["ratings"]["users"] == {"average": 9.0, "count": 1}
    assert body["user_state"] == {
        "in_watchlist": True,
        "is_favorite": False,
        "rating": 9,
        "review": "Naatu naatu!",
    }
    assert Interaction.objects.filter(kind="view", content=rrr).count() == 1


def test_details_anonymous_has_no_user_state(api_client, catalog):
    body = api_client.get(reverse("content-api:details", args=[catalog["naruto"].pk])).json()
    assert body["user_state"] is None
    assert api_client.get(reverse("content-api:details", args=[987654])).status_code == 404


def test_similar_prefers_same_kind_genre_and_language(api_client, catalog):
    similar = titles(api_client.get(reverse("content-api:similar", args=[catalog["rrr"].pk])))
    assert similar == ["Pushpa: The Rise"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "podcast"}, "kind"),
        ({"language": "xx"}, "language"),
        ({"year_min": "abc"}, "year_min"),
        ({"year_min": 2020, "year_max": 1990}, "year_min"),
        ({"ordering": "random"}, "ordering"),
        ({"genre": "polka"}, "genre"),
        ({"page_size": 1000}, "page_size"),
    ],
)
def test_bad_filters_are_400_with_the_field_named(api_client, catalog, params, field):
    response = api_client.get(reverse("content-api:popular"), params)
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_lists_are_cached_until_curation_bumps_the_version(api_client, catalog):
    from apps.catalog.list_cache import catalog_cache_bump

    url = reverse("content-api:trending")
    before = titles(api_client.get(url, {"language": "te"}))
    ContentFactory(title="Salaar", original_language="te", popularity=100)
    cached_again = titles(api_client.get(url, {"language": "te"}))
    catalog_cache_bump()
    fresh = titles(api_client.get(url, {"language": "te"}))

    assert cached_again == before
    assert fresh[0] == "Salaar"
