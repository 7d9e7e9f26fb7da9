"""Issued refresh tokens: stored as digests only, and the admin lists them without the token."""

from importlib import import_module

import pytest
from django.apps import apps
from django.test import Client
from django.utils.timezone import now
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from apps.accounts.tests.factories import TEST_PASSWORD, UserFactory
from apps.accounts.token_storage import digest

pytestmark = pytest.mark.django_db


def test_the_outstanding_token_admin_shows_no_refresh_token(api_client, user):
    login = {"email": user.email, "password": TEST_PASSWORD}
    refresh = api_client.post("/api/auth/login", login, format="json").json()["refresh"]
    outstanding = OutstandingToken.objects.get(user=user)
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))

    pages = [
        admin.get("/admin/token_blacklist/outstandingtoken/"),
        admin.get(f"/admin/token_blacklist/outstandingtoken/{outstanding.pk}/change/"),
    ]

    assert [page.status_code for page in pages] == [200, 200]
    assert outstanding.jti in pages[1].content.decode()
    for page in pages:
        assert refresh not in page.content.decode()
        assert refresh.split(".")[2] not in page.content.decode()  # not even its signature


def _login(client, user) -> dict:
    login = {"email": user.email, "password": TEST_PASSWORD}
    return client.post("/api/auth/login", login, format="json").json()


def test_refresh_tokens_are_stored_as_digests_only_and_still_work(api_client, user):
    first = _login(api_client, user)["refresh"]
    rotated = api_client.post("/api/auth/refresh", {"refresh": first}, format="json")
    assert rotated.status_code == 200
    second = rotated.json()["refresh"]

    stored = list(OutstandingToken.objects.filter(user=user).values_list("token", flat=True))
    assert len(stored) == 2
    assert sorted(stored) == sorted([digest(first), digest(second)])
    assert all(first not in t and second not in t for t in stored)
    # rotation blacklisted the first one (found by jti, as before)
    again = api_client.post("/api/auth/refresh", {"refresh": first}, format="json")
    assert again.status_code == 401


def test_the_migration_digests_the_tokens_kept_in_clear(user):
    migration = import_module("apps.accounts.migrations.0004_digest_stored_refresh_tokens")
    OutstandingToken.objects.bulk_create(  # bulk_create skips save(), as rows written before did
        [
            OutstandingToken(user=user, jti=f"j{i}", token=f"eyJ.clear.{i}", expires_at=now())
            for i in range(3)
        ]
    )

    migration.digest_tokens(apps, None)
    migration.digest_tokens(apps, None)  # twice changes nothing

    stored = sorted(OutstandingToken.objects.values_list("token", flat=True))
    assert stored == sorted(digest(f"eyJ.clear.{i}") for i in range(3))
