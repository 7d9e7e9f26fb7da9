"""A real worker consuming from Redis: runs when REDIS_URL is set (the PostgreSQL + Redis CI leg)."""

import os

import pytest
from celery.contrib.testing.worker import start_worker

from apps.core.tasks import ping
from config.celery import app

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: runs in the PostgreSQL + Redis leg"
)


@pytest.mark.redis
def test_real_worker_consumes_a_task_from_redis():
    assert app.conf.task_always_eager is False
    assert app.conf.broker_url.startswith("redis://")
    with start_worker(app, pool="solo", perform_ping_check=False, queues=["default"]):
        result = ping.delay()
        assert result.get(timeout=20) == "pong"
