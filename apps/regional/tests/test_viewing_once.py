"""The viewing context is resolved once per request: one geo lookup, however many views,
serializers and row providers ask where the visitor is (apps/core/viewing.py)."""

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from apps.catalog.tests.factories import ContentFactory
from apps.integrations.geo import geo_locate
from apps.ott.models import Platform
from apps.ott.services import platforms_seed
from apps.ott.tests.factories import AvailabilityFactory
from apps.regional import viewing

PUBLIC_IP = "8.8.8.8"  # a public address the bundled DB-IP file places in the US


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every address the geo reader is asked about during the test."""
    asked: list[str] = []

    def counting(ip: str):  # type: ignore[no-untyped-def]
        asked.append(ip)
        return geo_locate(ip)

    monkeypatch.setattr(viewing, "geo_locate", counting)
    return asked


@pytest.fixture
def titles(db) -> list[int]:
    platforms_seed()
    netflix = Platform.objects.get(slug="netflix")
    films = [ContentFactory(original_language="te", popularity=50 + i) for i in range(3)]
    for film in films:
        AvailabilityFactory(content=film, platform=netflix, country="US")
    return [film.pk for film in films]


def _get(client: Client, url: str) -> HttpResponse:
    response = client.get(url, REMOTE_ADDR=PUBLIC_IP)
    assert response.status_code == 200, response.content
    return response


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/content/popular?platforms=netflix",
        "/api/content/trending?platforms=netflix,aha",
        "/api/regional/trending/te",
        "/api/regional/popular/te?platforms=netflix",
        "/api/regional/festivals",
        "/api/ott/free-content",
        "/api/content/popular",
        "/",
    ],
)
def test_one_geo_lookup_per_request(client, titles, lookups, url):
    _get(client, url)
    assert lookups == [PUBLIC_IP]


@pytest.mark.django_db
def test_a_title_page_looks_the_visitor_up_once(client, titles, lookups):
    _get(client, reverse("web:title", args=[titles[0]]))
    assert lookups == [PUBLIC_IP]


@pytest.mark.django_db
def test_the_filtered_list_and_its_cards_use_the_located_country(client, titles, lookups):
    body = _get(client, "/api/content/popular?platforms=netflix").json()
    assert [card["id"] for card in body["results"]] == titles[::-1]
    assert body["results"][0]["where_to_watch"]["platforms"] == ["netflix"]  # US offers
    assert lookups == [PUBLIC_IP]


@pytest.mark.django_db
def test_a_request_that_needs_no_place_looks_nothing_up(client, titles, lookups):
    _get(client, reverse("ott-api:platforms") + "?country=IN")
    _get(client, reverse("ott-api:availability", args=[titles[0]]) + "?country=IN")
    assert lookups == []
