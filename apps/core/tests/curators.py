"""A curator for tests: staff with exactly the permissions the admin home's blocks and the
analytics page need. The one place to swap for the Curators group (apps.curation.roles) once
that exists on this branch."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

CURATOR_PERMISSIONS = (
    "catalog.view_content",
    "catalog.change_content",
    "catalog.view_matchreview",
    "catalog.change_matchreview",
    "curation.view_featureditem",
    "curation.change_featureditem",
    "curation.view_telegrampost",
    "regional.view_festival",
    "regional.change_festival",
    "recommender.view_modelartifact",
    "recommender.view_trainingrun",
    "analytics.view_dailymetric",
    "analytics.view_searchquery",
)
PASSWORD = "a-long-enough-passphrase"


def make_curator(*, permissions: tuple[str, ...] = CURATOR_PERMISSIONS, **fields: Any) -> Any:
    """A staff user (not a superuser) holding `permissions` ("app_label.codename")."""
    fields.setdefault("username", "curator")
    fields.setdefault("email", f"{fields['username']}@example.com")
    user = get_user_model().objects.create_user(password=PASSWORD, is_staff=True, **fields)
    wanted = Q(pk__in=[])
    for name in permissions:
        app_label, codename = name.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(wanted))
    assert len(found) == len(permissions), "a curator permission does not exist"
    user.user_permissions.set(found)
    return get_user_model().objects.get(pk=user.pk)  # fresh: no cached permissions
