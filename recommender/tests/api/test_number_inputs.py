"""Numbers in request input are ASCII digits in range, else a 400 in the error shape (issue 23).

"²".isdigit() is true and int("²") fails: these answered 500 before apps.core.numbers.
"""

import pytest
from rest_framework.test import APIClient

from apps.accounts.tests.factories import UserFactory
from apps.core.tests.hostile import HOSTILE_NUMBERS, shape_id

pytestmark = pytest.mark.django_db
TRENDING = "/api/ml/recommendations/trending"


@pytest.fixture
def staff_client() -> APIClient:
    client = APIClient()
    client.force_authenticate(UserFactory(is_staff=True))
    return client


def _is_400_naming(response, field: str) -> bool:
    body = response.json()
    return response.status_code == 400 and field in str(body["error"]["details"])


@pytest.mark.parametrize("field", ["time_of_day", "weekday"])
@pytest.mark.parametrize("text", HOSTILE_NUMBERS, ids=shape_id)
def test_trending_context_numbers_are_ascii_digits(api_client, field, text):
    response = api_client.post(TRENDING, {"context": {field: text}}, format="json")

    assert _is_400_naming(response, field), (response.status_code, response.content[:200])


def test_trending_context_accepts_an_ascii_hour_and_weekday(api_client):
    response = api_client.post(
        TRENDING, {"context": {"time_of_day": "23", "weekday": "6"}}, format="json"
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/ml/analytics/regional-trends", "/api/ml/analytics/content-performance"]
)
@pytest.mark.parametrize("text", HOSTILE_NUMBERS, ids=shape_id)
def test_analytics_days_are_ascii_digits(staff_client, url, text):
    response = staff_client.get(url, {"days": text})

    assert _is_400_naming(response, "days"), (response.status_code, response.content[:200])


def test_analytics_days_in_range_answer(staff_client):
    assert staff_client.get("/api/ml/analytics/regional-trends", {"days": "7"}).status_code == 200


@pytest.mark.parametrize("text", HOSTILE_NUMBERS, ids=shape_id)
def test_user_patterns_user_id_is_ascii_digits(staff_client, text):
    response = staff_client.get("/api/ml/analytics/user-patterns", {"user_id": text})

    assert _is_400_naming(response, "user_id"), (response.status_code, response.content[:200])
    assert response.json()["error"]["code"] == "validation_error"


def test_user_patterns_names_a_user_by_ascii_id(staff_client):
    someone = UserFactory()

    found = staff_client.get("/api/ml/analytics/user-patterns", {"user_id": str(someone.pk)})
    missing = staff_client.get("/api/ml/analytics/user-patterns", {"user_id": "2147483647"})

    assert found.status_code == 200
    assert missing.status_code == 404
