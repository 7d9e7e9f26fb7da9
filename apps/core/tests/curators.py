"""A curator for tests: staff in the Curators group (apps.curation.roles), nothing more: the admin
home's blocks and the analytics page must work with exactly the group's permissions. A test of
what a narrower role sees passes `permissions` ("app_label.codename") instead of the group."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from apps.curation.roles import curator_group

PASSWORD = "a-long-enough-passphrase"


def make_curator(*, permissions: tuple[str, ...] | None = None, **fields: Any) -> Any:
    """A staff user (not a superuser): in the Curators group, or holding only `permissions`."""
    fields.setdefault("username", "curator")
    fields.setdefault("email", f"{fields['username']}@example.com")
    user = get_user_model().objects.create_user(password=PASSWORD, is_staff=True, **fields)
    if permissions is None:
        user.groups.add(curator_group())
    else:
        wanted = Q(pk__in=[])
        for name in permissions:
            app_label, codename = name.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        found = list(Permission.objects.filter(wanted))
        assert len(found) == len(permissions), "a permission does not exist"
        user.user_permissions.set(found)
    return get_user_model().objects.get(pk=user.pk)  # fresh: no cached permissions
