import pytest
from django.urls import reverse

from apps.core import health


def test_healthz_answers_without_touching_services(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_ok_when_services_reachable(client):
    response = client.get(reverse("readyz"))

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_readyz_names_the_failed_service_with_503(client, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "cache", lambda: "ConnectionError: refused")

    response = client.get(reverse("readyz"))

    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "not_ready"
    assert "cache" in error["message"]
    assert error["details"]["cache"] == "ConnectionError: refused"
    assert error["details"]["database"] == "ok"


def test_unknown_url_is_json_404(client):
    response = client.get("/api/nothing-here")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_request_id_is_echoed_or_generated(client):
    given = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="abc-123")
    made = client.get(reverse("healthz"))

    assert given["X-Request-ID"] == "abc-123"
    assert len(made["X-Request-ID"]) == 32
