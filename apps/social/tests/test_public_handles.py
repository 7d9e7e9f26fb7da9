"""Issue 23 in the social app: list slugs come from the handle, survive a handle change, and the
migrations take e-mail addresses out of existing handles, display names and slugs."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from apps.accounts.handles import derived_from_email, handle_problem
from apps.accounts.models import User
from apps.accounts.selectors import user_for_login
from apps.social.models import UserList

BEFORE = [("accounts", "0001_initial"), ("social", "0001_initial")]


@pytest.mark.django_db
def test_a_new_handle_keeps_the_old_list_slugs_working(user):
    old_handle = user.username
    client = APIClient()
    client.force_authenticate(user)
    slug = client.post("/api/lists/", {"name": "Picks", "is_public": True}, format="json").json()[
        "slug"
    ]

    changed = client.patch("/api/user/profile", {"handle": "fresh-name"}, format="json")

    assert changed.status_code == 200
    assert slug == f"{old_handle}-picks"
    assert APIClient().get(f"/api/lists/{slug}").json()["owner_handle"] == "fresh-name"


def _old_rows(apps):
    """Accounts as the old code made them: usernames that are addresses, one display name too."""
    old_user = apps.get_model("accounts", "User")
    old_list = apps.get_model("social", "UserList")
    alice = old_user.objects.create(
        email="alice@private.example.org",
        username="alice@private.example.org",
        display_name="alice@private.example.org",
    )
    other = old_user.objects.create(email="bo@example.net", username="bo@elsewhere.example")
    kept = old_user.objects.create(email="chitra@example.net", username="chitra", display_name="C")
    clash = old_user.objects.create(email="d@example.net", username="Chitra")
    old_list.objects.create(owner=alice, name="Picks", slug="aliceprivateexampleorg-picks")
    old_list.objects.create(owner=other, name="Picks", slug="boelsewhereexample-picks")
    old_list.objects.create(owner=kept, name="Picks", slug="chitra-picks")
    return [alice.pk, other.pk, kept.pk, clash.pk]


@pytest.mark.django_db(transaction=True)
def test_migrations_replace_addresses_in_handles_display_names_and_slugs():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    ids = _old_rows(executor.loader.project_state(BEFORE).apps)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    alice, other, kept, clash = (User.objects.get(pk=pk) for pk in ids)
    for user in (alice, other, clash):
        assert handle_problem(user.username, email=user.email) is None
        assert not derived_from_email(user.username, user.email)
    assert (kept.username, kept.display_name) == ("chitra", "C")
    assert alice.display_name == ""
    slugs = dict(UserList.objects.values_list("owner_id", "slug"))
    assert slugs == {alice.pk: "picks", other.pk: "picks-2", kept.pk: "chitra-picks"}
    assert user_for_login(identifier="alice@private.example.org") == alice
    assert len({u.lower() for u in User.objects.values_list("username", flat=True)}) == 4
