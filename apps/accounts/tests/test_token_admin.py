"""The admin lists issued refresh tokens without the tokens themselves."""

import pytest
from django.test import Client
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from apps.accounts.tests.factories import TEST_PASSWORD, UserFactory

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
