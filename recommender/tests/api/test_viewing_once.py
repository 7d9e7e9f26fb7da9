"""A recommendation request with a platform filter locates the visitor once: the view's prior and
the serializer's filter country read the same viewing context (apps/core/viewing.py)."""

import pytest
from django.urls import reverse

from apps.integrations.geo import geo_locate
from apps.ott.models import Platform
from apps.ott.tests.factories import AvailabilityFactory
from apps.regional import viewing
from recommender.tests.api.conftest import ids

pytestmark = pytest.mark.django_db
TELANGANA_IP = "14.139.64.1"


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def counting(ip: str):  # type: ignore[no-untyped-def]
        asked.append(ip)
        return geo_locate(ip)

    monkeypatch.setattr(viewing, "geo_locate", counting)
    return asked


def test_recommendations_with_platforms_look_the_visitor_up_once(api_client, trained, lookups):
    aha = Platform.objects.get(slug="aha")
    on_aha = {c.pk for c in trained["a"][:6]}
    for content_id in on_aha:
        AvailabilityFactory(content_id=content_id, platform=aha)  # offers in IN
    response = api_client.post(
        reverse("ml-api:genre-based"),
        {"genres": ["action"], "k": 5, "platforms": ["aha"]},
        format="json",
        REMOTE_ADDR=TELANGANA_IP,
    )
    found = ids(response)
    assert len(found) > 0
    assert set(found) <= on_aha
    assert lookups == [TELANGANA_IP]
