"""Broker down: a request that enqueues work succeeds, the intent is a row, a drain sends it."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from apps.accounts.tests.factories import UserFactory
from apps.core import outbox
from apps.core.models import OutboxMessage
from apps.core.tests.redis_server import free_port
from config.celery import app
from recommender.models import TrainingRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    """A real (non-eager) Celery whose broker URL points at a port nobody listens on."""
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setitem(app.conf, "broker_url", f"redis://127.0.0.1:{free_port()}/0")
    outbox.broker_breaker.reset()
    yield monkeypatch
    outbox.broker_breaker.reset()


def _start_training(client, django_capture_on_commit_callbacks):
    client.force_authenticate(UserFactory(is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("ml-api:train-content"))


def test_broker_down_the_request_succeeds_and_the_intent_is_stored(
    api_client, broker_down, django_capture_on_commit_callbacks
):
    response = _start_training(api_client, django_capture_on_commit_callbacks)

    assert response.status_code == 202
    run = TrainingRun.objects.get(pk=response.json()["run_id"])
    message = OutboxMessage.objects.get()
    assert message.task_name == "recommender.train"
    assert message.args == [run.pk]
    assert message.task_id == run.task_id == response.json()["task_id"]
    assert message.sent_at is None
    assert message.attempts == 1
    assert "Error" in message.last_error
    assert outbox.broker_breaker.is_open


def test_while_the_breaker_is_open_requests_do_not_touch_the_broker(
    api_client, broker_down, django_capture_on_commit_callbacks
):
    _start_training(api_client, django_capture_on_commit_callbacks)
    _start_training(api_client, django_capture_on_commit_callbacks)

    attempts = sorted(OutboxMessage.objects.values_list("attempts", flat=True))
    assert attempts == [0, 1]  # the second request skipped the known-down broker


def test_a_drain_after_the_broker_returns_publishes_to_it(
    api_client,
    broker_down,
    own_redis,
    django_capture_on_commit_callbacks,
):
    response = _start_training(api_client, django_capture_on_commit_callbacks)
    broker_down.setitem(app.conf, "broker_url", own_redis.url)

    result = outbox.drain()

    assert result == {"sent": 1, "remaining": 0}
    message = OutboxMessage.objects.get()
    assert message.sent_at is not None
    import redis

    queued = redis.Redis(port=own_redis.port).lrange("ml", 0, -1)  # the recommender.* route
    assert len(queued) == 1
    envelope = json.loads(queued[0])
    assert envelope["headers"]["task"] == "recommender.train"
    assert envelope["headers"]["id"] == response.json()["task_id"]


def test_a_drain_in_eager_mode_runs_the_work(
    api_client, broker_down, django_capture_on_commit_callbacks
):
    response = _start_training(api_client, django_capture_on_commit_callbacks)
    run_id = response.json()["run_id"]
    assert TrainingRun.objects.get(pk=run_id).status == "queued"

    broker_down.setitem(app.conf, "task_always_eager", True)  # the broker "returns" in-process
    outbox.broker_breaker.reset()
    assert outbox.drain() == {"sent": 1, "remaining": 0}

    assert TrainingRun.objects.get(pk=run_id).status in ("succeeded", "failed")
    assert OutboxMessage.objects.get().sent_at is not None
    assert outbox.drain() == {"sent": 0, "remaining": 0}  # sent once, never twice


def test_the_periodic_drain_is_scheduled():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["core-outbox-drain"]
    assert entry["task"] == "core.outbox_drain"
    assert "core.outbox_drain" in app.tasks
