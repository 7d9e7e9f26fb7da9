"""OPTIONS on every route of the URL configuration, as anonymous, a user and staff: never a 5xx.

As staff, DRF's SimpleMetadata built each GenericAPIView's serializer to describe POST and PUT:
a view whose input serializer lives inside its method (serializer_class unset) answered 500
(`OPTIONS /api/admin/content/curate`, `/api/admin/telegram/publish`; found by schemathesis at
30 examples per operation). The routes come from the URL configuration, so a new view is covered.
"""

from __future__ import annotations

import pytest
from django.test import Client

from apps.accounts.tests.factories import UserFactory
from apps.core.tests.routes import all_routes


def _options_statuses(client: Client) -> dict[str, int]:
    statuses = {}
    for route in all_routes():
        # "1" fits every converter (id, path, slug, str); a missing object is a 404, not a 5xx
        path = route.path(dict.fromkeys(route.params, "1"))
        statuses[route.route] = client.options(path).status_code
    return statuses


@pytest.mark.parametrize("role", ["anonymous", "user", "staff"])
def test_options_on_every_route_is_never_a_5xx(db, role):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        staff = role == "staff"
        client.force_login(UserFactory(is_staff=staff, is_superuser=staff))

    statuses = _options_statuses(client)

    assert len(statuses) > 250  # the site, the admin and the API were all walked
    failing = {route: code for route, code in statuses.items() if code >= 500}
    assert failing == {}
