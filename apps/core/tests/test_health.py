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
def test_readyz_names_the_failed_service_with_503_and_logs_the_reason(client, monkeypatch, caplog):
    def refused() -> None:
        raise ConnectionError("Error 111 connecting to 10.0.4.7:6379. Connection refused.")

    monkeypatch.setitem(health.CHECKS, "cache", refused)

    with caplog.at_level("WARNING", logger="apps.core.health"):
        response = client.get(reverse("readyz"))

    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "not_ready"
    assert "cache" in error["message"]
    assert error["details"] == {"database": "ok", "cache": "unavailable", "broker": "ok"}
    assert "10.0.4.7" not in response.content.decode()
    assert "6379" not in response.content.decode()
    failures = [r for r in caplog.records if r.name == "apps.core.health"]
    assert len(failures) == 1
    assert failures[0].exc_info is not None
    assert "10.0.4.7:6379" in str(failures[0].exc_info[1])


@pytest.mark.django_db
def test_readyz_hides_a_real_database_error(client, monkeypatch):
    def broken_cursor():
        raise OSError('connection to server at "db.internal" (10.0.4.8), port 5432 failed')

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)

    response = client.get(reverse("readyz"))

    assert response.status_code == 503
    assert response.json()["error"]["details"]["database"] == "unavailable"
    assert "db.internal" not in response.content.decode()


def test_unknown_url_is_json_404(client):
    response = client.get("/api/nothing-here")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_request_id_is_echoed_or_generated(client):
    given = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="abc-123")
    made = client.get(reverse("healthz"))

    assert given["X-Request-ID"] == "abc-123"
    assert len(made["X-Request-ID"]) == 32
