"""Paginated lists count exactly up to settings.API_COUNT_CAP, then say the count is a lower bound
(apps/core/api/pagination.py); every page stays reachable through the links."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.catalog.tests.factories import ContentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven_titles() -> list[int]:
    return [ContentFactory(popularity=100 - i).pk for i in range(7)]


def test_below_the_cap_the_count_is_exact(api_client, settings, seven_titles):
    settings.API_COUNT_CAP = 7

    body = api_client.get("/api/content/popular", {"page_size": 2}).json()

    assert body["count"] == 7
    assert body["count_is_lower_bound"] is False


def test_above_the_cap_the_count_is_a_lower_bound(api_client, settings, seven_titles):
    settings.API_COUNT_CAP = 3

    body = api_client.get("/api/content/popular", {"page_size": 2}).json()

    assert body["count"] == 4  # the rows known to exist: the cap and one more
    assert body["count_is_lower_bound"] is True
    assert len(body["results"]) == 2
    assert body["next"] is not None


def test_links_reach_every_page_past_the_cap(api_client, settings, seven_titles):
    settings.API_COUNT_CAP = 3
    seen: list[int] = []
    url: str | None = "/api/content/popular?page_size=2"
    pages = 0
    while url is not None:
        body = api_client.get(url).json()
        seen += [card["id"] for card in body["results"]]
        url = body["next"]
        pages += 1
        assert pages <= 4

    assert pages == 4
    assert seen == seven_titles
    assert body["count"] == 7  # the last page counted as far as it reached: exact again
    assert body["count_is_lower_bound"] is False


def test_a_page_past_the_end_is_still_a_404(api_client, settings, seven_titles):
    settings.API_COUNT_CAP = 3

    response = api_client.get("/api/content/popular", {"page_size": 2, "page": 5})

    assert response.status_code == 404


def test_the_count_query_stops_at_the_cap(api_client, settings, seven_titles):
    settings.API_COUNT_CAP = 3

    with CaptureQueriesContext(connection) as queries:
        api_client.get("/api/content/popular", {"page_size": 2})

    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert "LIMIT 4" in counts[0]
    assert "ORDER BY" not in counts[0].upper()  # any four rows will do: nothing sorted


def test_a_list_of_ids_is_capped_too(api_client, settings, seven_titles):
    settings.API_COUNT_CAP = 3

    body = api_client.get("/api/content/trending", {"page_size": 2}).json()

    assert body["count"] == 4
    assert body["count_is_lower_bound"] is True


def test_the_schema_documents_the_flag(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    envelope = schema["components"]["schemas"]["PaginatedContentListList"]

    assert "count_is_lower_bound" in envelope["properties"]
    assert "count_is_lower_bound" in envelope["required"]
