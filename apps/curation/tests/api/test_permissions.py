"""Every admin endpoint: anonymous 401, signed-in non-staff 403, staff without the Curators
group's permissions 403, curators 2xx; each curate action checks its own permission."""

import pytest
from django.contrib.auth.models import Group, Permission
from rest_framework.test import APIClient

from apps.accounts.tests.factories import UserFactory
from apps.catalog.models import Content
from apps.catalog.tests.factories import ContentFactory
from apps.curation.models import CuratorAuditLog, FeaturedItem, TelegramPost
from apps.curation.roles import CURATOR_PERMISSIONS, CURATORS, curator_group


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
def test_a_curator_is_served(
    staff_client, settings, targets, index, django_capture_on_commit_callbacks
):
    settings.TELEGRAM_CHANNEL_ID = "@cinerec_test"
    method, url, body = _endpoints(targets[0].pk, targets[1].pk)[index]
    with django_capture_on_commit_callbacks(execute=False):  # no Bot API call here
        response = getattr(staff_client, method)(url, body, format="json")
    assert response.status_code in {200, 201, 202, 204}


def _client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("index", range(len(ENDPOINT_NAMES)), ids=ENDPOINT_NAMES)
def test_staff_without_the_curators_permissions_gets_403(targets, index):
    method, url, body = _endpoints(targets[0].pk, targets[1].pk)[index]
    response = getattr(_client_for(UserFactory(is_staff=True)), method)(url, body, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_staff_alone_cannot_hide_merge_or_publish_and_nothing_changes(
    db, settings, django_capture_on_commit_callbacks
):
    settings.TELEGRAM_CHANNEL_ID = "@cinerec_test"
    keep, dup = ContentFactory(), ContentFactory()
    client = _client_for(UserFactory(is_staff=True))
    curate = "/api/admin/content/curate"
    with django_capture_on_commit_callbacks(execute=False):
        answers = [
            client.post(curate, {"action": "hide", "content_ids": [dup.pk]}, format="json"),
            client.post(
                curate,
                {"action": "merge", "content_ids": [dup.pk], "into": keep.pk},
                format="json",
            ),
            client.post("/api/admin/telegram/publish", {"content_id": keep.pk}, format="json"),
        ]

    assert [a.status_code for a in answers] == [403, 403, 403]
    assert Content.objects.filter(pk__in=[keep.pk, dup.pk], hidden=False).count() == 2
    assert TelegramPost.objects.count() == 0
    assert CuratorAuditLog.objects.count() == 0


def test_a_curator_can_hide_merge_and_publish(
    staff, staff_client, settings, django_capture_on_commit_callbacks
):
    settings.TELEGRAM_CHANNEL_ID = "@cinerec_test"
    keep, dup, other = ContentFactory(), ContentFactory(), ContentFactory()
    curate = "/api/admin/content/curate"
    assert staff.groups.filter(name=CURATORS).exists()
    assert not staff.is_superuser
    with django_capture_on_commit_callbacks(execute=False):
        hide = {"action": "hide", "content_ids": [other.pk]}
        merge = {"action": "merge", "content_ids": [dup.pk], "into": keep.pk}
        answers = [
            staff_client.post(curate, hide, format="json"),
            staff_client.post(curate, merge, format="json"),
            staff_client.post(
                "/api/admin/telegram/publish", {"content_id": keep.pk}, format="json"
            ),
        ]

    assert [a.status_code for a in answers] == [200, 200, 202]
    assert Content.objects.get(pk=other.pk).hidden is True
    assert not Content.objects.filter(pk=dup.pk).exists()
    assert TelegramPost.objects.count() == 1


def test_each_curate_action_needs_its_own_permission(db):
    featurer = UserFactory(is_staff=True)
    featurer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_content", "add_featureditem"])
    )
    content = ContentFactory()
    client = _client_for(featurer)
    curate = "/api/admin/content/curate"

    hide = client.post(curate, {"action": "hide", "content_ids": [content.pk]}, format="json")
    feature = client.post(
        curate, {"action": "feature", "content_ids": [content.pk], "slot": "hero"}, format="json"
    )

    assert (hide.status_code, feature.status_code) == (403, 200)
    assert Content.objects.get(pk=content.pk).hidden is False
    assert FeaturedItem.objects.filter(content=content).count() == 1


def test_the_migration_made_the_curators_group_with_exactly_its_permissions(db):
    made = Group.objects.get(name=CURATORS)  # by migration curation.0002, before any call
    held = sorted(
        f"{p.content_type.app_label}.{p.codename}"
        for p in made.permissions.select_related("content_type")
    )
    expected = sorted(
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label, actions in CURATOR_PERMISSIONS.items()
        for action in actions
    )
    assert held == expected
    assert len(expected) > 20
    assert curator_group() == made
    assert Group.objects.filter(name=CURATORS).count() == 1
