"""Every admin endpoint: anonymous 401, signed-in non-staff 403, staff 2xx."""

import pytest
from rest_framework.test import APIClient

from apps.catalog.tests.factories import ContentFactory
from apps.curation.models import FeaturedItem


def _endpoints(content_id: int, featured_id: int) -> list[tuple[str, str, dict]]:
    return [
        ("get", "/api/admin/content/search", {}),
        ("post", "/api/admin/content/curate", {"action": "hide", "content_ids": [content_id]}),
        ("get", "/api/admin/analytics", {}),
        ("get", "/api/admin/featured", {}),
        ("post", "/api/admin/featured", {"content_id": content_id, "slot": "hero"}),
        ("delete", f"/api/admin/featured/{featured_id}", {}),
        ("get", "/api/admin/telegram/posts", {}),
        ("post", "/api/admin/telegram/publish", {"content_id": content_id}),
    ]


ENDPOINT_NAMES = [f"{m} {u}" for m, u, _ in _endpoints(1, 1)]


@pytest.fixture
def targets(db):
    content = ContentFactory()
    featured = FeaturedItem.objects.create(content=ContentFactory(), slot="hero")
    return content, featured


@pytest.mark.parametrize("index", range(len(ENDPOINT_NAMES)), ids=ENDPOINT_NAMES)
def test_anonymous_gets_401(targets, index):
    method, url, body = _endpoints(targets[0].pk, targets[1].pk)[index]
    response = getattr(APIClient(), method)(url, body, format="json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("index", range(len(ENDPOINT_NAMES)), ids=ENDPOINT_NAMES)
def test_signed_in_non_staff_gets_403(auth_client, targets, index):
    method, url, body = _endpoints(targets[0].pk, targets[1].pk)[index]
    response = getattr(auth_client, method)(url, body, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


@pytest.mark.parametrize("index", range(len(ENDPOINT_NAMES)), ids=ENDPOINT_NAMES)
def test_staff_is_served(
    staff_client, settings, targets, index, django_capture_on_commit_callbacks
):
    settings.TELEGRAM_CHANNEL_ID = "@cinerec_test"
    method, url, body = _endpoints(targets[0].pk, targets[1].pk)[index]
    with django_capture_on_commit_callbacks(execute=False):  # no Bot API call here
        response = getattr(staff_client, method)(url, body, format="json")
    assert response.status_code in {200, 201, 202, 204}
