"""Database connection lost: 503 in the error shape with Retry-After; the next request heals."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

from apps.catalog.tests.factories import ContentFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    monkeypatch.setattr(CursorWrapper, "executemany", refuse)
    return monkeypatch


def _assert_outage(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["error"]["code"] == "service_unavailable"
    assert body["error"]["details"] == {"retry_after_seconds": 5}


def test_api_read_and_write_answer_503_then_recover(api_client, auth_client, database_down):
    _assert_outage(api_client.get("/api/content/trending"))
    _assert_outage(
        auth_client.post("/api/user/rating", {"content_id": 1, "rating": 8}, format="json")
    )

    database_down.undo()
    content = ContentFactory()
    assert auth_client.post(
        "/api/user/rating", {"content_id": content.pk, "rating": 8}, format="json"
    ).status_code in (200, 201)
    assert api_client.get(f"/api/content/details/{content.pk}").status_code == 200


def test_a_plain_django_view_answers_503_too(client, django_user_model, database_down):
    database_down.undo()
    staff = django_user_model.objects.create_user(
        email="staff@example.com", username="staff", password="x-very-long-pass", is_staff=True
    )
    client.force_login(staff)
    database_down.setattr(CursorWrapper, "execute", _raise)
    _assert_outage(client.get("/admin/"))


def _raise(*args, **kwargs):
    raise OperationalError("terminating connection due to administrator command")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SCRIPT = """
import json, django
django.setup()
from django.test import Client
client = Client()
out = {}
for path in ("/api/content/trending", "/api/content/details/1", "/healthz", "/readyz"):
    response = client.get(path, HTTP_HOST="localhost")
    out[path] = [response.status_code, response.get("Retry-After")]
print(json.dumps(out))
"""


def test_postgres_port_with_nothing_listening_is_503_not_500():
    """A real connection failure: the database URL points at a port nobody listens on."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{_free_port()}/nothing_here",
        "DATABASE_POOL": "false",
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    statuses = json.loads(done.stdout.strip().splitlines()[-1])
    assert statuses["/api/content/trending"] == [503, "5"]
    assert statuses["/api/content/details/1"] == [503, "5"]
    assert statuses["/healthz"] == [200, None]
    assert statuses["/readyz"][0] == 503
