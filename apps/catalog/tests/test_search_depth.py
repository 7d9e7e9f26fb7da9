"""The search API builds its results only as deep as the page asked for (and one more, for the
`next` link): every page is the same slice of the full ranking, whichever page is asked first,
and the count says when more may match. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from apps.catalog.api.views import SEARCH_RESULTS
from apps.catalog.selectors import ContentFilters, content_search
from apps.catalog.tests.factories import ContentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kadalis() -> list[int]:
    """Twelve titles sharing a word, plus near misses, by falling popularity."""
    made = [ContentFactory(title=f"Kadali Katha {i}", popularity=float(50 - i)) for i in range(12)]
    ContentFactory(title="Kadal", popularity=70.0)
    ContentFactory(title="Kadali", popularity=5.0)
    return [c.pk for c in made]


def _page(client, **params) -> dict:
    response = client.get("/api/content/search", {"q": "kadali katha", **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_each_page_is_its_slice_of_the_whole_ranking(api_client, kadalis) -> None:
    whole = content_search(query="kadali katha", filters=ContentFilters(), limit=SEARCH_RESULTS)
    assert len(whole) >= 12

    pages = [
        [row["id"] for row in _page(api_client, page=n, page_size=5)["results"]] for n in (3, 1, 2)
    ]

    assert pages[1] + pages[2] + pages[0] == whole[:15]


def test_a_page_short_of_the_results_says_more_may_match(api_client, kadalis) -> None:
    first = _page(api_client, page_size=5)

    assert len(first["results"]) == 5
    assert first["count"] == 6  # the page and the one after it, read so far
    assert first["count_is_lower_bound"] is True
    assert first["next"] is not None
    assert first["previous"] is None


def test_the_last_page_has_an_exact_count(api_client, kadalis) -> None:
    whole = content_search(query="kadali katha", filters=ContentFilters(), limit=SEARCH_RESULTS)
    last = _page(api_client, page_size=len(whole))

    assert last["count"] == len(whole)
    assert last["count_is_lower_bound"] is False
    assert last["next"] is None


def test_a_page_past_the_results_is_a_404_and_bad_sizes_a_400(api_client, kadalis) -> None:
    past = api_client.get("/api/content/search", {"q": "kadali katha", "page": 50})
    bad = api_client.get("/api/content/search", {"q": "kadali katha", "page_size": "x"})

    assert past.status_code == 404
    assert bad.status_code == 400
    assert bad.json()["error"]["code"]


def test_a_filtered_search_pages_the_same_way(api_client, kadalis) -> None:
    ContentFactory(title="Kadali Katha English", popularity=99.0, original_language="en")
    whole = content_search(
        query="kadali katha", filters=ContentFilters(language="te"), limit=SEARCH_RESULTS
    )
    page = _page(api_client, language="te", page=2, page_size=4)

    assert len(whole) >= 12
    assert [row["id"] for row in page["results"]] == whole[4:8]
