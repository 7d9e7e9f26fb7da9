"""The done-when story: a curator finds a title missing its poster, fixes it, features it for
Telugu visitors in Telangana for next week; the public endpoint shows it to a Telugu visitor
and not to a Tamil one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.catalog.tests.factories import ContentFactory
from apps.curation.models import CuratorAuditLog, FeaturedItem


@pytest.fixture
def title(db):
    return ContentFactory(title="Pushpa", original_language="te", poster_url="")


def _feature(staff_client, content, **extra):
    body = {
        "content_id": content.pk,
        "slot": "hero",
        "languages": ["te"],
        "states": ["IN-TG"],
        "ends_at": (timezone.now() + timedelta(days=7)).isoformat(),
        "note": "release week",
        **extra,
    }
    return staff_client.post("/api/admin/featured", body, format="json")


def test_curator_flow_from_missing_poster_to_targeted_feature(
    staff, staff_client, api_client, title
):
    ContentFactory(poster_url="https://img/x.jpg")
    found = staff_client.get("/api/admin/content/search?missing_poster=true").json()
    assert [row["id"] for row in found["results"]] == [title.pk]

    title.poster_url = "https://image.tmdb.org/t/p/w500/pushpa.jpg"  # fixed in the admin
    title.save()
    assert staff_client.get("/api/admin/content/search?missing_poster=true").json()["count"] == 0

    created = _feature(staff_client, title)
    assert created.status_code == 201
    assert created.json()["states"] == ["IN-TS"]  # the pre-2023 code is stored canonically

    telugu = api_client.get("/api/featured?slot=hero&languages=te&state=IN-TS").json()
    assert [item["content"]["id"] for item in telugu["results"]] == [title.pk]
    tamil = api_client.get("/api/featured?slot=hero&languages=ta&state=IN-TN").json()
    assert tamil["results"] == []
    elsewhere = api_client.get("/api/featured?slot=hero&languages=te&state=IN-KA").json()
    assert elsewhere["results"] == []

    log = CuratorAuditLog.objects.get(action="feature")
    assert log.actor == staff
    assert log.payload["slot"] == "hero"


def test_signed_in_users_are_targeted_by_their_profile(title, staff_client):
    _feature(staff_client, title, audience="signed_in")
    from rest_framework.test import APIClient

    telugu = APIClient()
    telugu.force_authenticate(
        UserFactory(preferred_languages=["te"], country="IN", region="Telangana")
    )
    tamil = APIClient()
    tamil.force_authenticate(UserFactory(preferred_languages=["ta"], country="IN", region="IN-TN"))
    assert len(telugu.get("/api/featured?slot=hero").json()["results"]) == 1
    assert tamil.get("/api/featured?slot=hero").json()["results"] == []
    assert (
        APIClient().get("/api/featured?slot=hero&languages=te&state=IN-TS").json()["results"] == []
    )


def test_scheduled_and_expired_items_are_not_live(title, api_client):
    now = timezone.now()
    FeaturedItem.objects.create(content=title, slot="hero", starts_at=now + timedelta(days=1))
    FeaturedItem.objects.create(
        content=ContentFactory(),
        slot="hero",
        starts_at=now - timedelta(days=9),
        ends_at=now - timedelta(days=2),
    )
    assert api_client.get("/api/featured?slot=hero").json()["results"] == []


def test_hidden_titles_are_not_featured(title, api_client):
    FeaturedItem.objects.create(content=title, slot="hero")
    title.hidden = True
    title.save()
    assert api_client.get("/api/featured").json()["results"] == []


def test_featured_rejects_unknown_codes(staff_client, title, api_client):
    response = _feature(staff_client, title, states=["IN-XX"], languages=["zz"])
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "languages": ["zz"],
        "states": ["IN-XX"],
        "countries": [],
    }
    assert not FeaturedItem.objects.exists()
    assert api_client.get("/api/featured?state=Nowhere").status_code == 400


def test_end_before_start_is_a_400(staff_client, title):
    response = _feature(
        staff_client, title, ends_at=(timezone.now() - timedelta(days=1)).isoformat()
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_window"


def test_delete_featured_is_audited(staff, staff_client, title):
    item_id = _feature(staff_client, title).json()["id"]
    assert staff_client.delete(f"/api/admin/featured/{item_id}").status_code == 204
    assert not FeaturedItem.objects.exists()
    assert CuratorAuditLog.objects.filter(action="unfeature", actor=staff).exists()
    assert staff_client.delete(f"/api/admin/featured/{item_id}").status_code == 404


def test_featured_list_shows_every_item(staff_client, title):
    _feature(staff_client, title)
    listed = staff_client.get("/api/admin/featured").json()
    assert listed["count"] == 1
    assert listed["results"][0]["languages"] == ["te"]


def test_an_anonymous_visitor_is_targeted_by_where_they_are(
    title, staff_client, api_client, settings
):
    """No query parameters: the visitor's location (through one trusted proxy) decides."""
    _feature(staff_client, title)
    settings.TRUSTED_PROXY_COUNT = 1

    def featured(ip: str) -> list[int]:
        body = api_client.get(
            "/api/featured?slot=hero", HTTP_X_FORWARDED_FOR=ip, REMOTE_ADDR="10.0.0.2"
        ).json()
        return [item["content"]["id"] for item in body["results"]]

    assert featured("14.139.64.1") == [title.pk]  # Telangana: Telugu first
    assert featured("1.6.0.1") == []  # Tamil Nadu
