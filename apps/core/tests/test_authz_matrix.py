"""The authorisation matrix, built from the URL configuration itself.

Every API route x method is requested as five callers: anonymous, a signed-in user acting on
their own objects, the same user acting on another user's objects, staff with no model
permissions, and a curator (staff in the Curators group). Bodies are empty
JSON objects, so a 400 means "allowed in, then the input was rejected". `None` in the "other"
column means the endpoint has no per-user object in its URL or body; `None` in the "curator"
column means the same as staff.

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
from apps.curation.models import FeaturedItem
from apps.curation.roles import curator_group
from apps.portability.models import ImportJob
from apps.social.models import UserList
from recommender.models import Experiment, TrainingRun


class Expect(NamedTuple):
    anon: int
    user: int
    other: int | None
    staff: int
    curator: int | None = None  # None: as staff


ROLES = ("anon", "user", "other", "staff", "curator")

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
    "GET api/user/platforms": Expect(401, 200, None, 200),
    "PUT api/user/platforms": Expect(401, 400, None, 400),
    "GET api/ott/availability/<id:content_id>": Expect(200, 200, None, 200),
    "GET api/ott/free-content": Expect(200, 200, None, 200),
    "GET api/ott/platforms": Expect(200, 200, None, 200),
    "POST api/user/imports": Expect(401, 415, None, 415),  # multipart only
    "GET api/user/imports/<id:import_id>": Expect(401, 200, 404, 404),
    "GET api/user/export": Expect(401, 200, None, 200),
    "DELETE api/user/account": Expect(401, 400, None, 400),
    "GET api/content/<id:content_id>/reviews": Expect(200, 200, None, 200),
    "POST api/content/<id:content_id>/reviews": Expect(401, 400, None, 400),
    # the user's own rating (so review) was deleted by DELETE api/user/rating/... earlier in the run
    "POST api/reviews/<id:review_id>/helpful": Expect(401, 404, 201, 201),
    "DELETE api/reviews/<id:review_id>/helpful": Expect(401, 404, 204, 204),
    "POST api/reviews/<id:review_id>/report": Expect(401, 400, 400, 400),
    "GET api/lists/": Expect(401, 200, None, 200),
    "POST api/lists/": Expect(401, 400, None, 400),
    "GET api/lists/<str:slug>": Expect(404, 200, 404, 404),  # private: only its owner
    "PATCH api/lists/<str:slug>": Expect(401, 400, 404, 404),
    "DELETE api/lists/<str:slug>": Expect(401, 204, 404, 404),
    "POST api/lists/<str:slug>/items": Expect(401, 404, 404, 404),  # own list deleted above
    "DELETE api/lists/<str:slug>/items/<id:content_id>": Expect(401, 404, 404, 404),
    "GET api/featured": Expect(200, 200, None, 200),
    # staff alone may do nothing here: the Curators group's model permissions open it
    "GET api/admin/content/search": Expect(401, 403, None, 403, 200),
    "POST api/admin/content/curate": Expect(401, 403, None, 403, 400),
    "GET api/admin/featured": Expect(401, 403, None, 403, 200),
    "POST api/admin/featured": Expect(401, 403, None, 403, 400),
    "DELETE api/admin/featured/<id:pk>": Expect(401, 403, None, 403, 204),
    "POST api/admin/telegram/publish": Expect(401, 403, None, 403, 400),
    "GET api/admin/telegram/posts": Expect(401, 403, None, 403, 200),
    "GET api/admin/analytics": Expect(401, 403, None, 403, 200),
    "GET api/regional/context": Expect(200, 200, None, 200),
    "GET api/regional/trending/<str:language>": Expect(200, 200, None, 200),
    "GET api/regional/popular/<str:language>": Expect(200, 200, None, 200),
    "GET api/regional/festivals": Expect(200, 200, None, 200),
    "GET api/regional/festivals/<slug:slug>": Expect(404, 404, None, 404),  # "mine": no festival
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


def own(content, user, review, user_list, import_job) -> dict[str, object]:
    """The path values naming one user's objects."""
    return {
        "content_id": content.pk,
        "user_id": user.pk,
        "review_id": review.pk,
        "slug": user_list.slug,
        "import_id": import_job.pk,
    }


@pytest.fixture
def world(db):
    me, someone_else = UserFactory(), UserFactory()
    staff = UserFactory(is_staff=True)
    curator = UserFactory(is_staff=True)
    curator.groups.add(curator_group())
    mine, theirs = ContentFactory(), ContentFactory()
    for model in (WatchlistItem, Favorite):
        model.objects.create(user=me, content=mine)
        model.objects.create(user=someone_else, content=theirs)
    my_review = Rating.objects.create(user=me, content=mine, rating=8, review="Loved it.")
    their_review = Rating.objects.create(
        user=someone_else, content=theirs, rating=6, review="Too long."
    )
    my_list = UserList.objects.create(owner=me, name="Mine", slug="mine")
    their_list = UserList.objects.create(owner=someone_else, name="Theirs", slug="theirs")
    my_import, their_import = (
        ImportJob.objects.create(user=user, format="imdb", sha256="0" * 64)
        for user in (me, someone_else)
    )
    shared = {
        "pk": FeaturedItem.objects.create(content=mine, slot="hero").pk,
        "run_id": TrainingRun.objects.create(algorithms=["popularity"]).pk,
        "experiment_id": Experiment.objects.create(name="matrix").pk,
        "genre": "drama",
        "language": "te",
    }
    return {
        "anon": (None, {**shared, **own(mine, me, my_review, my_list, my_import)}),
        "user": (me, {**shared, **own(mine, me, my_review, my_list, my_import)}),
        "other": (
            me,
            {**shared, **own(theirs, someone_else, their_review, their_list, their_import)},
        ),
        "staff": (
            staff,
            {**shared, **own(theirs, someone_else, their_review, their_list, their_import)},
        ),
        "curator": (
            curator,
            {**shared, **own(theirs, someone_else, their_review, their_list, their_import)},
        ),
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
            if role == "curator" and want is None and name in MATRIX:
                want = MATRIX[name].staff
            if want is None:
                continue
            response = getattr(client, method)(route.path(values), {}, format="json")
            actual[name], expected[name] = response.status_code, want
    assert actual == expected
