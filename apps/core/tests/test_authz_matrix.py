"""The authorisation matrix, built from the URL configuration itself.

Every API route x method is requested as four callers: anonymous, a signed-in user acting on
their own objects, the same user acting on another user's objects, and staff. Bodies are empty
JSON objects, so a 400 means "allowed in, then the input was rejected". `None` in the "other"
column means the endpoint has no per-user object in its URL or body.

A route missing from MATRIX fails `test_every_api_endpoint_has_an_entry`: whoever adds an
endpoint adds its row here (one line), which is the review of who may call it.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import Favorite, Rating, WatchlistItem
from apps.accounts.tests.factories import UserFactory
from apps.catalog.tests.factories import ContentFactory
from apps.core.tests.routes import api_routes
from recommender.models import Experiment, TrainingRun


class Expect(NamedTuple):
    anon: int
    user: int
    other: int | None
    staff: int


ROLES = ("anon", "user", "other", "staff")

# "METHOD route": who gets which status.
MATRIX: dict[str, Expect] = {
    "POST api/auth/register": Expect(400, 400, None, 400),
    "POST api/auth/login": Expect(400, 400, None, 400),
    "POST api/auth/refresh": Expect(400, 400, None, 400),
    "POST api/auth/logout": Expect(401, 400, None, 400),
    "POST api/auth/password/reset": Expect(400, 400, None, 400),
    "POST api/auth/password/reset/confirm": Expect(400, 400, None, 400),
    "POST api/auth/email/confirm": Expect(400, 400, None, 400),
    "GET api/user/profile": Expect(401, 200, None, 200),
    "PUT api/user/profile": Expect(401, 200, None, 200),
    "PATCH api/user/profile": Expect(401, 200, None, 200),
    "POST api/user/email": Expect(401, 400, None, 400),
    "GET api/user/watchlist": Expect(401, 200, None, 200),
    "POST api/user/watchlist": Expect(401, 400, None, 400),
    "DELETE api/user/watchlist": Expect(401, 400, None, 400),
    "DELETE api/user/watchlist/<id:content_id>": Expect(401, 204, 404, 404),
    "GET api/user/favorites": Expect(401, 200, None, 200),
    "POST api/user/favorites": Expect(401, 400, None, 400),
    "DELETE api/user/favorites": Expect(401, 400, None, 400),
    "DELETE api/user/favorites/<id:content_id>": Expect(401, 204, 404, 404),
    "GET api/user/rating": Expect(401, 200, None, 200),
    "POST api/user/rating": Expect(401, 400, None, 400),
    "DELETE api/user/rating/<id:content_id>": Expect(401, 204, 404, 404),
    "GET api/content/trending": Expect(200, 200, None, 200),
    "GET api/content/popular": Expect(200, 200, None, 200),
    "GET api/content/genre/<slug:genre>": Expect(200, 200, None, 200),
    "GET api/content/search": Expect(400, 400, None, 400),
    "GET api/content/details/<id:content_id>": Expect(200, 200, None, 200),
    "GET api/content/similar/<id:content_id>": Expect(200, 200, None, 200),
    "POST api/ml/recommendations/user/<id:user_id>": Expect(401, 200, 403, 200),
    "POST api/ml/recommendations/similar/<id:content_id>": Expect(200, 200, None, 200),
    "POST api/ml/recommendations/trending": Expect(200, 200, None, 200),
    "POST api/ml/recommendations/genre-based": Expect(400, 400, None, 400),
    "POST api/ml/recommendations/mood-based": Expect(400, 400, None, 400),
    "POST api/ml/recommendations/regional/<str:language>": Expect(200, 200, None, 200),
    "POST api/ml/feedback": Expect(401, 400, None, 400),
    "POST api/ml/train/collaborative": Expect(401, 403, None, 202),
    "POST api/ml/train/content-based": Expect(401, 403, None, 202),
    "POST api/ml/train/hybrid": Expect(401, 403, None, 202),
    "GET api/ml/train/runs/<id:run_id>": Expect(401, 403, None, 200),
    "GET api/ml/model/status": Expect(401, 200, None, 200),
    "GET api/ml/analytics/user-patterns": Expect(401, 200, None, 200),
    "GET api/ml/analytics/content-performance": Expect(401, 403, None, 200),
    "GET api/ml/analytics/regional-trends": Expect(401, 200, None, 200),
    "GET api/ml/experiments/<id:experiment_id>/results": Expect(401, 403, None, 200),
    "GET api/schema/": Expect(200, 200, None, 200),
    "GET api/docs/": Expect(200, 200, None, 200),
}


def _operations() -> list[str]:
    return [f"{m.upper()} {r.route}" for r in api_routes() for m in r.methods]


def test_every_api_endpoint_has_an_entry():
    operations = _operations()
    missing = sorted(set(operations) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(operations))
    assert missing == [], f"add these to MATRIX in {__file__}: {missing}"
    assert stale == [], f"these MATRIX entries match no route any more: {stale}"


@pytest.fixture
def world(db):
    me, someone_else = UserFactory(), UserFactory()
    staff = UserFactory(is_staff=True)
    mine, theirs = ContentFactory(), ContentFactory()
    for model in (WatchlistItem, Favorite):
        model.objects.create(user=me, content=mine)
        model.objects.create(user=someone_else, content=theirs)
    Rating.objects.create(user=me, content=mine, rating=8)
    Rating.objects.create(user=someone_else, content=theirs, rating=6)
    shared = {
        "run_id": TrainingRun.objects.create(algorithms=["popularity"]).pk,
        "experiment_id": Experiment.objects.create(name="matrix").pk,
        "genre": "drama",
        "language": "te",
    }
    return {
        "anon": (None, {**shared, "content_id": mine.pk, "user_id": me.pk}),
        "user": (me, {**shared, "content_id": mine.pk, "user_id": me.pk}),
        "other": (me, {**shared, "content_id": theirs.pk, "user_id": someone_else.pk}),
        "staff": (staff, {**shared, "content_id": theirs.pk, "user_id": someone_else.pk}),
    }


@pytest.mark.parametrize("role", ROLES)
def test_authorisation_matrix(world, role):
    caller, values = world[role]
    client = APIClient()
    if caller is not None:
        client.force_authenticate(caller)
    actual: dict[str, int] = {}
    expected: dict[str, int] = {}
    for route in api_routes():
        for method in route.methods:
            name = f"{method.upper()} {route.route}"
            want = getattr(MATRIX[name], role) if name in MATRIX else None
            if want is None:
                continue
            response = getattr(client, method)(route.path(values), {}, format="json")
            actual[name], expected[name] = response.status_code, want
    assert actual == expected
