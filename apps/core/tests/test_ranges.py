"""Every integer in a path or query is range-checked: out of range is a 4xx, never a 500."""

import pytest

from apps.catalog.tests.factories import ContentFactory
from apps.core.converters import MAX_ID

pytestmark = pytest.mark.django_db
HUGE = "36893488147419103231"  # 2**65 - 1: the id the fuzzer found


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("delete", f"/api/user/watchlist/{HUGE}"),
        ("delete", f"/api/user/favorites/{HUGE}"),
        ("delete", f"/api/user/rating/{HUGE}"),
        ("get", f"/api/content/details/{HUGE}"),
        ("get", f"/api/content/similar/{MAX_ID + 1}"),
        ("post", f"/api/ml/recommendations/user/{HUGE}"),
        ("post", f"/api/ml/recommendations/similar/{HUGE}"),
        ("get", f"/api/ml/train/runs/{HUGE}"),
        ("get", f"/api/ml/experiments/{HUGE}/results"),
    ],
)
def test_ids_beyond_the_integer_range_are_404(auth_client, method, path):
    response = getattr(auth_client, method)(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_largest_id_still_resolves_to_a_lookup(auth_client):
    response = auth_client.get(f"/api/content/details/{MAX_ID}")
    assert response.status_code == 404  # a real lookup that found nothing
    assert auth_client.get(f"/api/content/details/{ContentFactory().pk}").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        f"page={HUGE}",
        "page=-1",
        "page=abc",
        f"page_size={HUGE}",
        "page_size=0",
        "page_size=101",
        f"year_min={HUGE}",
        "year_max=-5",
    ],
)
def test_out_of_range_query_integers_are_4xx(api_client, query):
    ContentFactory()
    response = api_client.get(f"/api/content/popular?{query}")
    assert 400 <= response.status_code < 500
    assert "error" in response.json()


def test_out_of_range_body_ids_are_400(auth_client):
    response = auth_client.post(
        "/api/ml/feedback", {"content_id": int(HUGE), "event": "click"}, format="json"
    )
    assert response.status_code == 400
    response = auth_client.post("/api/ml/recommendations/trending", {"k": 10**30}, format="json")
    assert response.status_code == 400
