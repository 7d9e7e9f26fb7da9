"""The admin site as a curator sees it: Django's model permissions, the Curators group's.

Staff without the group get in (the admin home) but may open no curation page and run no
curation action; a curator (not a superuser) runs them all."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from apps.accounts.tests.factories import UserFactory
from apps.catalog.models import Content, MatchReview
from apps.catalog.tests.factories import ContentFactory
from apps.curation.roles import curator_group

pytestmark = pytest.mark.django_db
CONTENT = "/admin/catalog/content/"
CURATION_ACTIONS = {"feature", "add_to_collection", "hide", "unhide", "publish_to_telegram"}


def _client(*, group: bool = False, perms: tuple[str, ...] = ()) -> Client:
    user = UserFactory(is_staff=True)
    if group:
        user.groups.add(curator_group())
    user.user_permissions.add(*Permission.objects.filter(codename__in=perms))
    client = Client()
    client.force_login(user)
    return client


def _actions(response) -> set[str]:
    assert response.status_code == 200
    form = response.context["action_form"]  # None when no action at all is offered
    return set() if form is None else {name for name, _ in form.fields["action"].choices}


def test_a_curator_opens_the_curation_pages_and_runs_every_curation_action():
    client = _client(group=True)
    pages = [
        CONTENT,
        "/admin/catalog/matchreview/",
        "/admin/curation/featureditem/",
        "/admin/curation/collection/",
        "/admin/curation/telegrampost/",
        "/admin/curation/telegrampost/import/",
        "/admin/curation/curatorauditlog/",
        "/admin/regional/festival/",
    ]
    assert [client.get(page).status_code for page in pages] == [200] * len(pages)
    assert _actions(client.get(CONTENT)) >= CURATION_ACTIONS
    content = ContentFactory()
    client.post(CONTENT, {"action": "hide", "_selected_action": [content.pk]})
    assert Content.objects.get(pk=content.pk).hidden is True


def test_a_curator_cannot_manage_people_or_the_outbox():
    client = _client(group=True)
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get("/admin/core/outboxmessage/").status_code == 403


def test_staff_without_the_group_open_no_curation_page():
    client = _client()
    assert client.get("/admin/").status_code == 200
    pages = [CONTENT, "/admin/curation/featureditem/", "/admin/curation/telegrampost/import/"]
    assert [client.get(page).status_code for page in pages] == [403] * len(pages)


def test_a_view_only_member_is_offered_and_runs_no_curation_action():
    client = _client(perms=("view_content", "view_matchreview"))
    content = ContentFactory()
    review = MatchReview.objects.create(
        source="tmdb", source_key="tmdb:movie:1", candidate={}, match=content, score=90, reason="r"
    )

    assert _actions(client.get(CONTENT)) & CURATION_ACTIONS == set()
    client.post(CONTENT, {"action": "hide", "_selected_action": [content.pk]})
    client.post(
        "/admin/catalog/matchreview/", {"action": "resolve_merged", "_selected_action": [review.pk]}
    )

    assert Content.objects.get(pk=content.pk).hidden is False
    assert MatchReview.objects.get(pk=review.pk).status == "pending"
    assert client.get("/admin/curation/telegrampost/import/").status_code == 403
