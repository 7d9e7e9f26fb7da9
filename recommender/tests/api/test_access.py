"""One rule for whose recommendation data a caller may see, on both per-user endpoints."""

import pytest
from django.urls import reverse

from apps.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ask(client, endpoint, target_id):
    if endpoint == "recommendations":
        return client.post(reverse("ml-api:user", args=[target_id]), {"k": 3}, format="json")
    return client.get(reverse("ml-api:user-patterns"), {"user_id": target_id})


@pytest.mark.parametrize("endpoint", ["recommendations", "patterns"])
def test_anonymous_sees_nobodys_data(api_client, endpoint):
    owner = UserFactory()
    response = ask(api_client, endpoint, owner.pk)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("endpoint", ["recommendations", "patterns"])
def test_user_sees_own_data(api_client, endpoint):
    owner = UserFactory()
    api_client.force_authenticate(owner)
    assert ask(api_client, endpoint, owner.pk).status_code == 200


@pytest.mark.parametrize("endpoint", ["recommendations", "patterns"])
def test_user_asking_for_another_user_gets_403(api_client, endpoint):
    owner, other = UserFactory(), UserFactory()
    api_client.force_authenticate(other)
    response = ask(api_client, endpoint, owner.pk)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


@pytest.mark.parametrize("endpoint", ["recommendations", "patterns"])
def test_staff_sees_anyones_data_and_404_for_no_one(api_client, endpoint):
    owner = UserFactory()
    api_client.force_authenticate(UserFactory(is_staff=True))
    assert ask(api_client, endpoint, owner.pk).status_code == 200
    missing = ask(api_client, endpoint, owner.pk + 1000)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_patterns_answer_the_staff_target_not_the_caller(api_client):
    owner = UserFactory()
    api_client.force_authenticate(UserFactory(is_staff=True))
    body = api_client.get(reverse("ml-api:user-patterns"), {"user_id": owner.pk}).json()
    assert body["user_id"] == owner.pk
