"""meta.retrieval in the recommendations response: how a large catalogue was narrowed
(two-stage serving, docs/scale.md), null when every title was scored."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.accounts.models import Rating
from apps.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def rated(trained, api_client):
    user = UserFactory()
    Rating.objects.bulk_create([Rating(user=user, content=c, rating=10) for c in trained["b"][:5]])
    api_client.force_authenticate(user)
    return user


def test_two_stage_responses_say_how_the_pool_was_found(api_client, trained, settings):
    settings.TWO_STAGE_MIN_TITLES, settings.TWO_STAGE_POOL = 0, 16
    cache.clear()
    user = rated(trained, api_client)
    url = reverse("ml-api:user", args=[user.pk])

    body = api_client.post(url, {"k": 5}, format="json").json()
    narrow = api_client.post(url, {"k": 5, "languages": ["te"]}, format="json").json()

    assert body["meta"]["algorithm"] == "hybrid"
    assert body["meta"]["retrieval"] == {"stage": "two-stage", "path": "ann", "pool": 16}
    assert len(body["items"]) == 5
    # the 15 Telugu titles <= sqrt(16 x 25): scanned exactly, every one in the pool
    assert narrow["meta"]["retrieval"] == {"stage": "two-stage", "path": "exact", "pool": 15}
    cached = api_client.post(url, {"k": 5}, format="json").json()
    assert cached["meta"]["cached"] is True
    assert cached["meta"]["retrieval"] == body["meta"]["retrieval"]


def test_the_exact_path_says_null(api_client, trained):
    user = rated(trained, api_client)
    body = api_client.post(reverse("ml-api:user", args=[user.pk]), {"k": 5}, format="json").json()
    assert body["meta"]["algorithm"] == "hybrid"
    assert body["meta"]["retrieval"] is None


def test_a_filter_leaving_nothing_is_an_empty_list(api_client, trained, settings):
    settings.TWO_STAGE_MIN_TITLES = 0
    cache.clear()
    user = rated(trained, api_client)
    response = api_client.post(
        reverse("ml-api:user", args=[user.pk]),
        {"k": 5, "languages": ["te"], "genres": ["comedy"]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert response.json()["meta"]["retrieval"]["pool"] == 0
