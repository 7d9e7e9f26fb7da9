"""Rolling a model back in the admin: an action through the activation service, never a 500."""

import pytest
from django.urls import reverse

from apps.accounts.tests.factories import UserFactory
from recommender.algorithms.ease import EaseConfig, EaseRecommender
from recommender.artifacts import artifact_create
from recommender.models import ModelArtifact
from recommender.serving.registry import registry
from recommender.tests.data import checkerboard

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:recommender_modelartifact_changelist"


@pytest.fixture
def versions():
    data = checkerboard()
    model = EaseRecommender(EaseConfig(l2=10.0)).fit(data)
    first = artifact_create(model=model, data=data)
    second = artifact_create(model=model, data=data)
    registry.reset()
    yield first, second
    registry.reset()


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def active_ids(algorithm="ease"):
    return list(
        ModelArtifact.objects.filter(algorithm=algorithm, is_active=True).values_list(
            "pk", flat=True
        )
    )


def test_activate_action_rolls_back_and_serving_swaps(
    admin_client, versions, django_capture_on_commit_callbacks
):
    first, second = versions
    assert registry.active_versions()["ease"] == second.pk  # serving reads v2 now
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(CHANGELIST),
            {"action": "activate_version", "_selected_action": [first.pk]},
            follow=True,
        )
    assert response.status_code == 200
    assert "Now serving: ease v1." in response.content.decode()
    assert active_ids() == [first.pk]
    assert registry.active_versions()["ease"] == first.pk  # swapped without waiting


def test_two_versions_of_one_algorithm_are_refused(admin_client, versions):
    first, second = versions
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "activate_version", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Choose one version per algorithm" in response.content.decode()
    assert active_ids() == [second.pk]


def test_is_active_is_not_editable_in_the_change_form(admin_client, versions):
    first, second = versions
    url = reverse("admin:recommender_modelartifact_change", args=[first.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="is_active"' not in page.content.decode()
    response = admin_client.post(url, {"is_active": "on"})
    assert response.status_code in (200, 302)
    assert active_ids() == [second.pk]
