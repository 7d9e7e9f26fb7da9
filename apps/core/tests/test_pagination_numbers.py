import pytest

from apps.core.tests.hostile import HOSTILE_NUMBERS, shape_id

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", HOSTILE_NUMBERS, ids=shape_id)
def test_page_size_is_ascii_digits(api_client, text):
    response = api_client.get("/api/content/trending", {"page_size": text})

    assert response.status_code == 400
    assert "page_size" in response.json()["error"]["details"]


def test_page_size_in_range_is_used(api_client):
    assert api_client.get("/api/content/trending", {"page_size": "5"}).status_code == 200
