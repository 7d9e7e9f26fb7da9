"""Fault injection: the cache's Redis stops mid-use, times out, then returns.

Each test starts its own redis-server on a free port (apps/core/tests/redis_server.py), points
the cache at it with the production backend (FailOpenRedisCache) and kills it in the middle.
"""

from __future__ import annotations

import socket
import time

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from apps.accounts.models import Rating
from apps.accounts.tests.factories import TEST_PASSWORD, UserFactory
from apps.catalog.tests.factories import ContentFactory
from apps.core.tests.redis_server import fail_open_cache, free_port
from apps.core.tests.routes import api_routes

pytestmark = pytest.mark.django_db  # starts its own redis-server: no REDIS_URL needed

BODIES: dict[str, dict[str, object]] = {
    "api/auth/login": {"email": "{email}", "password": TEST_PASSWORD},
    "api/user/rating": {"content_id": "{content_id}", "rating": 8},
    "api/user/watchlist": {"content_id": "{content_id}"},
    "api/user/favorites": {"content_id": "{content_id}"},
    "api/ml/feedback": {"content_id": "{content_id}", "event": "click", "page": "home"},
    "api/ml/recommendations/genre-based": {"genres": ["Drama"]},
    "api/ml/recommendations/mood-based": {"mood": "thrilling"},
}


def _body(route: str, values: dict[str, object]) -> dict[str, object]:
    filled: dict[str, object] = {}
    for key, value in BODIES.get(route, {}).items():
        if isinstance(value, str) and value.startswith("{"):
            filled[key] = values[value.strip("{}")]
        else:
            filled[key] = value
    return filled


def _hit_every_endpoint(client: APIClient, values: dict[str, object]) -> dict[str, int]:
    statuses: dict[str, int] = {}
    for route in api_routes():
        if route.route.startswith("api/auth/logout"):
            continue  # would end the session the rest of the walk uses
        for method in route.methods:
            if method in ("put", "patch", "delete") and not route.params:
                continue  # bulk edits of the profile and lists: covered by the writes above
            response = getattr(client, method)(
                route.path(values), _body(route.route, values), format="json"
            )
            statuses[f"{method.upper()} {route.route}"] = response.status_code
    return statuses


@pytest.fixture
def redis_cache(settings, own_redis):
    settings.CACHES = fail_open_cache(own_redis.url)
    cache.clear()
    return own_redis


@pytest.fixture
def world(db):
    user = UserFactory()
    contents = [ContentFactory() for _ in range(3)]
    client = APIClient()
    client.force_authenticate(user=user)
    values = {
        "content_id": contents[0].pk,
        "user_id": user.pk,
        "run_id": 1,
        "experiment_id": 1,
        "genre": "drama",
        "language": "te",
        "email": user.email,
        # objects the walk does not need to exist: those routes answer 404 either way
        "import_id": 1,
        "review_id": 1,
        "slug": "no-such-list",
        "pk": 1,
    }
    return user, contents, client, values


def test_redis_stopped_mid_use_every_endpoint_answers_and_the_rating_is_stored(redis_cache, world):
    user, contents, client, values = world
    before = _hit_every_endpoint(client, values)
    assert redis_cache.dbsize() > 0  # the cache was in use

    redis_cache.stop()
    during = _hit_every_endpoint(client, values)
    rated = client.post(
        "/api/user/rating", {"content_id": contents[1].pk, "rating": 9}, format="json"
    )

    server_errors = {name: status for name, status in during.items() if status >= 500}
    assert server_errors == {}
    assert set(during) == set(before)
    assert rated.status_code in (200, 201)
    assert Rating.objects.get(user=user, content=contents[1]).rating == 9
    assert cache.breaker.failing  # type: ignore[attr-defined]


def test_caching_resumes_by_itself_when_redis_returns(redis_cache, world):
    _user, _contents, client, _values = world
    redis_cache.stop()
    assert client.get("/api/content/trending").status_code == 200

    redis_cache.start()
    time.sleep(0.4)  # the breaker's open period in the test configuration
    assert redis_cache.dbsize() == 0
    assert client.get("/api/content/trending").status_code == 200
    assert client.post("/api/ml/recommendations/trending", {}, format="json").status_code == 200

    assert redis_cache.dbsize() > 0
    assert not cache.breaker.failing  # type: ignore[attr-defined]


def test_login_limits_stay_bounded_per_process_while_redis_is_down(redis_cache, world):
    user, *_ = world
    redis_cache.stop()
    anonymous = APIClient()
    wrong = {"email": user.email, "password": "not-the-password"}
    attempts = [anonymous.post("/api/auth/login", wrong, format="json") for _ in range(6)]
    right = anonymous.post(
        "/api/auth/login", {"email": user.email, "password": TEST_PASSWORD}, format="json"
    )

    elsewhere = APIClient(REMOTE_ADDR="203.0.113.50").post(
        "/api/auth/login", {"email": user.email, "password": TEST_PASSWORD}, format="json"
    )

    assert [r.status_code for r in attempts[:5]] == [401] * 5
    # LOGIN_FAILURES_PER_ACCOUNT_ADDRESS, counted in this process
    assert attempts[5].status_code == 429
    assert right.status_code == 429  # this address stays locked out for the lockout
    assert elsewhere.status_code == 200  # the owner elsewhere is not


def test_drf_throttles_fail_open_with_a_warning(redis_cache, world, monkeypatch, caplog):
    from apps.core.api import throttling

    monkeypatch.setitem(throttling.AnonThrottle.THROTTLE_RATES, "anon", "2/min")
    monkeypatch.setattr(throttling, "_last_warning", [-3600.0])
    anonymous = APIClient()
    assert [anonymous.get("/api/content/trending").status_code for _ in range(3)][-1] == 429

    redis_cache.stop()
    statuses = [anonymous.get("/api/content/trending").status_code for _ in range(5)]

    assert statuses == [200] * 5
    assert "throttles are not enforced" in caplog.text


@pytest.fixture
def silent_redis(settings):
    """A port that accepts connections and never answers: every command times out."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", free_port()))
        listener.listen(64)
        port = listener.getsockname()[1]
        settings.CACHES = fail_open_cache(f"redis://127.0.0.1:{port}/0", breaker_seconds=30)
        yield


def test_a_redis_that_times_out_costs_one_timeout_not_one_per_request(silent_redis, world):
    user, contents, client, _values = world
    statuses = [client.get(f"/api/content/details/{c.pk}").status_code for c in contents]
    rated = client.post(
        "/api/user/rating", {"content_id": contents[0].pk, "rating": 7}, format="json"
    )

    assert statuses == [200, 200, 200]
    assert rated.status_code in (200, 201)
    assert Rating.objects.filter(user=user, content=contents[0], rating=7).exists()
    assert cache.breaker.is_open  # type: ignore[attr-defined]


def test_site_sessions_survive_a_cache_outage(redis_cache, client, django_user_model):
    staff = django_user_model.objects.create_user(
        email="staff@example.com", username="staff", password="x-very-long-pass", is_staff=True
    )
    client.force_login(staff)
    redis_cache.stop()
    assert client.get("/admin/").status_code == 200  # still signed in


def test_a_rating_during_the_outage_is_not_hidden_by_a_stale_list_afterwards(redis_cache, world):
    _user, contents, client, values = world
    path = f"/api/ml/recommendations/user/{values['user_id']}"
    before = client.post(path, {}, format="json").json()
    assert client.post(path, {}, format="json").json()["meta"]["cached"] is True

    redis_cache.pause()  # unreachable (timeouts) with its data intact, the stale list included
    rated = client.post(
        "/api/user/rating", {"content_id": contents[2].pk, "rating": 10}, format="json"
    )
    redis_cache.resume()
    time.sleep(0.4)
    cache.get("probe")  # the first call after the breaker's period reaches Redis again
    after = client.post(path, {}, format="json").json()

    assert rated.status_code in (200, 201)
    assert before["meta"]["cached"] is False
    assert after["meta"]["cached"] is False  # recomputed: the missed version bump was replayed
