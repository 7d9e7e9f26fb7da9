"""The OTT endpoints, the user's platforms and the platform filter on the catalogue's lists."""

from datetime import date

import pytest

from apps.catalog.models import Genre
from apps.catalog.tests.factories import ContentFactory
from apps.ott.models import Availability, Platform, UserPlatform
from apps.ott.selectors import allowed_content_array, allowed_content_ids
from apps.ott.tests.factories import AvailabilityFactory

pytestmark = pytest.mark.django_db


def platform(slug: str) -> Platform:
    return Platform.objects.get(slug=slug)


@pytest.fixture
def shelf():
    """Six Telugu/Hindi titles: two on JioHotstar, one on Netflix, one free on YouTube, one on
    aha (a platform the test user does not have), one nowhere; all in India."""
    titles = {
        name: ContentFactory(title=name, popularity=pop, original_language=lang)
        for name, pop, lang in [
            ("RRR", 99, "te"),
            ("Pushpa", 95, "te"),
            ("Jersey", 90, "te"),
            ("Baahubali", 97, "te"),
            ("Kalki", 96, "te"),
            ("Dangal", 98, "hi"),
        ]
    }
    AvailabilityFactory(content=titles["RRR"], platform=platform("jiohotstar"))
    AvailabilityFactory(content=titles["Pushpa"], platform=platform("jiohotstar"))
    AvailabilityFactory(content=titles["Jersey"], platform=platform("netflix"))
    AvailabilityFactory(
        content=titles["Baahubali"],
        platform=platform("youtube"),
        monetisation="free",
        source="youtube",
        deep_link="https://www.youtube.com/watch?v=sOEg_YZQsTI",
    )
    AvailabilityFactory(content=titles["Kalki"], platform=platform("aha"))
    AvailabilityFactory(content=titles["Dangal"], platform=platform("netflix"), country="US")
    return titles


def titles_of(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [r["title"] for r in response.json()["results"]]


def test_availability_is_grouped_by_monetisation_for_the_country(api_client, shelf):
    rrr = shelf["RRR"]
    AvailabilityFactory(
        content=rrr,
        platform=platform("youtube"),
        monetisation="rent",
        price="120.00",
        currency="INR",
    )

    body = api_client.get(f"/api/ott/availability/{rrr.pk}").json()

    assert body["country"] == "IN"  # DEFAULT_COUNTRY
    assert list(body["offers"]) == ["flatrate", "rent"]
    [hotstar] = body["offers"]["flatrate"]
    assert hotstar["platform"]["slug"] == "jiohotstar"
    assert (hotstar["as_of"], hotstar["source"], hotstar["historical"]) == (
        "2026-11-01",
        "tmdb",
        False,
    )
    assert hotstar["text"] == "on JioHotstar"
    assert body["offers"]["rent"][0]["price"] == "120.00"
    assert body["attribution"]["text"].startswith("Where-to-watch data by JustWatch")


def test_country_override_and_bad_input(api_client, shelf):
    dangal = shelf["Dangal"]
    assert api_client.get(f"/api/ott/availability/{dangal.pk}").json()["offers"] == {}
    us = api_client.get(f"/api/ott/availability/{dangal.pk}?country=us").json()
    assert us["country"] == "US"
    assert us["offers"]["flatrate"][0]["platform"]["slug"] == "netflix"

    bad = api_client.get(f"/api/ott/availability/{dangal.pk}?country=ZZ")
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "validation_error"
    assert "country" in bad.json()["error"]["details"]
    assert api_client.get(f"/api/ott/availability/{dangal.pk}?country=IND").status_code == 400
    missing = api_client.get("/api/ott/availability/987654")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_user_country_is_the_default(auth_client, user, shelf):
    user.country = "US"
    user.save()
    body = auth_client.get(f"/api/ott/availability/{shelf['Dangal'].pk}").json()
    assert body["country"] == "US"
    assert body["offers"]["flatrate"]


def test_free_content_lists_free_and_ad_supported_titles_by_popularity(api_client, shelf):
    ads = ContentFactory(title="Mirzapur", popularity=50, original_language="hi", kind="tv")
    AvailabilityFactory(content=ads, platform=platform("mx-player"), monetisation="ads")

    assert titles_of(api_client.get("/api/ott/free-content")) == ["Baahubali", "Mirzapur"]
    assert titles_of(api_client.get("/api/ott/free-content?language=hi")) == ["Mirzapur"]
    assert titles_of(api_client.get("/api/ott/free-content?kind=tv")) == ["Mirzapur"]
    assert titles_of(api_client.get("/api/ott/free-content?platform=youtube")) == ["Baahubali"]
    assert titles_of(api_client.get("/api/ott/free-content?country=US")) == []
    card = api_client.get("/api/ott/free-content").json()["results"][0]
    assert card["where_to_watch"]["text"] == "free on YouTube"


def test_free_content_genre_filter_and_bad_input(api_client, shelf):
    shelf["Baahubali"].genres.add(Genre.objects.get(slug="action"))
    assert titles_of(api_client.get("/api/ott/free-content?genre=action")) == ["Baahubali"]
    for query in ("platform=nope", "country=XX", "language=zz", "kind=song", "page_size=0"):
        response = api_client.get(f"/api/ott/free-content?{query}")
        assert response.status_code == 400, query
        assert response.json()["error"]["code"] == "validation_error"


def test_platforms_per_country(api_client):
    india = {p["slug"] for p in api_client.get("/api/ott/platforms?country=IN").json()}
    us = {p["slug"] for p in api_client.get("/api/ott/platforms?country=US").json()}

    assert {"jiohotstar", "mx-player", "jiocinema", "jiotv", "aha", "sun-nxt", "youtube"} <= india
    assert "hulu" not in india
    assert "hulu" in us
    assert "jiohotstar" not in us
    youtube = next(p for p in api_client.get("/api/ott/platforms").json() if p["slug"] == "youtube")
    assert youtube["home_url"] == "https://www.youtube.com/"
    assert api_client.get("/api/ott/platforms?country=12").status_code == 400


def test_my_platforms_get_put_and_bad_input(auth_client, api_client, user):
    assert auth_client.get("/api/user/platforms").json() == {"platforms": [], "country": "IN"}

    saved = auth_client.put(
        "/api/user/platforms", {"platforms": ["netflix", "jiohotstar"]}, format="json"
    )
    assert saved.status_code == 200
    assert saved.json()["platforms"] == ["jiohotstar", "netflix"]
    assert set(UserPlatform.objects.filter(user=user).values_list("platform__slug", flat=True)) == {
        "jiohotstar",
        "netflix",
    }

    unknown = auth_client.put(
        "/api/user/platforms", {"platforms": ["netflix", "nope"]}, format="json"
    )
    assert unknown.status_code == 400
    assert unknown.json()["error"]["details"]["platforms"] == ["nope"]
    assert UserPlatform.objects.filter(user=user).count() == 2  # nothing half-written
    assert (
        auth_client.put("/api/user/platforms", {"platforms": "netflix"}, format="json").status_code
        == 400
    )
    assert auth_client.put("/api/user/platforms", {}, format="json").status_code == 400
    assert api_client.get("/api/user/platforms").status_code == 401


@pytest.mark.parametrize(
    "url", ["/api/content/popular", "/api/content/trending", "/api/content/genre/action"]
)
def test_lists_keep_to_the_chosen_platforms_or_free(api_client, shelf, url):
    action = Genre.objects.get(slug="action")
    for content in shelf.values():
        content.genres.add(action)

    chosen = titles_of(api_client.get(f"{url}?platforms=jiohotstar,netflix"))

    assert sorted(chosen) == ["Baahubali", "Jersey", "Pushpa", "RRR"]  # Kalki is on aha only
    assert titles_of(api_client.get(f"{url}?platforms=hulu&country=US")) == []
    everything = titles_of(api_client.get(url))
    assert len(everything) == 6


def test_available_to_me_uses_the_profile_and_still_fills_the_page(auth_client, user, shelf):
    for slug in ("jiohotstar", "netflix"):
        UserPlatform.objects.create(user=user, platform=platform(slug))
    for n in range(25):  # more titles on my platforms than a page holds
        AvailabilityFactory(
            content=ContentFactory(popularity=1 + n / 100), platform=platform("netflix")
        )

    page = auth_client.get("/api/content/popular?available_to_me=true&page_size=20").json()

    assert len(page["results"]) == 20
    assert page["count"] == 29
    assert {"Kalki", "Dangal"}.isdisjoint(r["title"] for r in page["results"])
    by_title = {r["title"]: r["where_to_watch"] for r in page["results"]}
    assert by_title["RRR"]["text"] == "JioHotstar"
    assert by_title["RRR"]["justwatch"] is True  # TMDB data: credit JustWatch
    assert by_title["Baahubali"]["justwatch"] is False
    assert by_title["Baahubali"]["text"] == "free on YouTube"


def test_available_to_me_needs_sign_in_and_cached_pages_are_per_user(
    api_client, auth_client, user, shelf
):
    assert api_client.get("/api/content/popular?available_to_me=true").status_code == 401
    first = titles_of(auth_client.get("/api/content/popular?available_to_me=true"))
    assert first == ["Baahubali"]  # no platforms yet: free titles only
    auth_client.put("/api/user/platforms", {"platforms": ["aha"]}, format="json")
    assert titles_of(auth_client.get("/api/content/popular?available_to_me=true")) == [
        "Baahubali",
        "Kalki",
    ]


def test_search_takes_the_platform_filter_and_rejects_unknown_ones(api_client, shelf):
    assert titles_of(api_client.get("/api/content/search?q=kalki&platforms=aha")) == ["Kalki"]
    assert titles_of(api_client.get("/api/content/search?q=kalki&platforms=netflix")) == []
    bad = api_client.get("/api/content/search?q=kalki&platforms=netflix,nope")
    assert bad.status_code == 400
    assert "platforms" in bad.json()["error"]["details"]
    assert api_client.get("/api/content/popular?country=QQ").status_code == 400


def test_selector_for_serving(shelf):
    ids = allowed_content_ids(["jiohotstar"], "IN")
    expected = {shelf["RRR"].pk, shelf["Pushpa"].pk, shelf["Baahubali"].pk}
    assert ids == expected
    assert allowed_content_ids(["jiohotstar"], "IN", include_free=False) == expected - {
        shelf["Baahubali"].pk
    }
    assert list(allowed_content_array(["jiohotstar"], "IN")) == sorted(expected)
    # a new offer is seen at once (writes bump the catalogue version the cache is keyed on)
    from apps.ott.services import tmdb_offers_store

    assert shelf["Kalki"].pk not in allowed_content_ids(["jiohotstar"], "IN")
    Availability.objects.create(
        content=shelf["Kalki"],
        platform=platform("jiohotstar"),
        country="IN",
        monetisation="flatrate",
        source="curator",
        curated=True,
        as_of=date(2026, 11, 2),
    )
    tmdb_offers_store(content=shelf["Kalki"], offers=[], countries=["IN"])
    assert shelf["Kalki"].pk in allowed_content_ids(["jiohotstar"], "IN")


def test_similar_titles_take_the_platform_filter(api_client, shelf):
    action = Genre.objects.get(slug="action")
    for content in shelf.values():
        content.genres.add(action)
    url = f"/api/content/similar/{shelf['RRR'].pk}"

    everything = titles_of(api_client.get(url))
    on_hotstar = titles_of(api_client.get(f"{url}?platforms=jiohotstar"))

    assert "Kalki" in everything
    assert set(on_hotstar) <= {"Pushpa", "Baahubali"}
    assert "Pushpa" in on_hotstar
    assert api_client.get(f"{url}?platforms=nope").status_code == 400


def test_options_on_my_platforms_is_not_a_500(db):
    from rest_framework.test import APIClient

    from apps.accounts.tests.factories import UserFactory

    client = APIClient()
    client.force_authenticate(UserFactory(is_staff=True))

    response = client.options("/api/user/platforms")

    assert response.status_code == 200
