"""A warm recommendation request, authenticated the way a real client does it (a JWT in the
Authorization header), touches no database at all: the user comes from the cached
authentication entry (apps/accounts/cached_auth.py), the list's version checks and bytes from the
cache. On SQLite, where connections are not kept, a query would also mean a new connection per
request. Runs on local memory and on django-redis alike (the PostgreSQL + Redis leg)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from apps.accounts.tests.factories import UserFactory
from recommender.serving import registry as model_registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(monkeypatch):
    # the registry re-reads the active model versions every REFRESH_SECONDS (one query per
    # process every 2 s, not per request): held still so that it cannot land inside the count
    monkeypatch.setattr(model_registry, "REFRESH_SECONDS", 3600.0)
    user = UserFactory(country="IN", region="Telangana", preferred_languages=["te"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return user, client


def test_a_warm_answer_runs_no_query(signed_in, trained, django_assert_num_queries):
    user, client = signed_in
    url = reverse("ml-api:user", args=[user.pk])
    first = client.post(url, {"k": 5}, format="json")  # computed, stored
    with django_assert_num_queries(0):
        warm = client.post(url, {"k": 5}, format="json")

    assert first.status_code == warm.status_code == 200
    assert first.json()["meta"]["cached"] is False
    assert warm.json()["meta"]["cached"] is True
    assert warm.json()["items"] == first.json()["items"]


def test_a_warm_answer_for_a_user_deactivated_since_is_refused(signed_in, trained):
    user, client = signed_in
    url = reverse("ml-api:user", args=[user.pk])
    assert client.post(url, {"k": 5}, format="json").status_code == 200
    assert client.post(url, {"k": 5}, format="json").status_code == 200

    user.is_active = False
    user.save()

    assert client.post(url, {"k": 5}, format="json").status_code == 401
