"""The curators' role: a "Curators" group holding exactly the model permissions their work needs.

Being staff lets a person into the admin site and the admin API; what they may do there comes
from model permissions, as Django's admin does it. Staff outside the group (and without the
permissions some other way) see the admin home and get 403 from the admin API. Superusers have
every permission. docs/curation.md lists what each permission opens.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CURATORS = "Curators"

# "app_label.model": the actions (Django's add/change/delete/view) curators need on it.
CURATOR_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "catalog.content": ("view", "add", "change"),  # fix metadata, hide/unhide, import, merge
    "catalog.genre": ("view",),
    "catalog.matchreview": ("view", "change"),  # ingestion's merge reviews; merges
    "curation.featureditem": ("view", "add", "change", "delete"),
    "curation.collection": ("view", "add", "change", "delete"),
    "curation.collectionitem": ("view", "add", "change", "delete"),
    "curation.telegrampost": ("view", "add", "change"),  # publish, retry
    "curation.contentnote": ("view", "add"),
    "curation.curatorauditlog": ("view",),
    "regional.festival": ("view", "change"),
    "regional.festivalpin": ("view", "add", "change", "delete"),
    "analytics.dailymetric": ("view",),  # the analytics page, the admin home's system block
    "analytics.titledaily": ("view",),
    "analytics.recommendationdaily": ("view",),
    "analytics.searchquery": ("view",),  # the admin home's zero-result searches (no searcher shown)
    "recommender.modelartifact": ("view",),  # the admin home's model versions and metrics
    "recommender.trainingrun": ("view",),
}


def curator_codenames() -> list[tuple[str, str]]:
    """(app_label, codename) of every permission the Curators group holds."""
    return [
        (label.split(".")[0], f"{action}_{label.split('.')[1]}")
        for label, actions in CURATOR_PERMISSIONS.items()
        for action in actions
    ]


def sync_curator_group(*, group_model: Any = Group, permission_model: Any = Permission) -> Any:
    """Create the Curators group if absent and give it exactly CURATOR_PERMISSIONS.

    The models are arguments so the data migration can pass its historical ones.
    """
    wanted = curator_codenames()
    query = Q(pk__in=[])
    for app_label, codename in wanted:
        query |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(permission_model.objects.filter(query))
    missing = set(wanted) - {(p.content_type.app_label, p.codename) for p in permissions}
    if missing:
        raise LookupError(f"permissions not created yet: {sorted(missing)}")
    group, _ = group_model.objects.get_or_create(name=CURATORS)
    group.permissions.set(permissions)
    return group


def curator_group() -> Group:
    """The Curators group, with its permissions in sync (tests and the admin dashboard use it)."""
    group: Group = sync_curator_group()
    return group
