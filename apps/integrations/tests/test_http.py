"""The shared HTTP behaviour: timeouts, retries, Retry-After, limits, caching."""

import pytest
import requests
import responses
from django.core.cache import cache

from apps.core.tests.hostile import HOSTILE_NUMBERS, shape_id
from apps.integrations.exceptions import (
    IntegrationAuthError,
    IntegrationError,
    IntegrationNotFound,
    QuotaExceeded,
    TransientIntegrationError,
)
from apps.integrations.http import BaseClient, DailyBudget, RateWindow, retry_after_seconds

URL = "https://api.example.test/v1"


class Client(BaseClient):
    provider = "example"


def client(sleeps, **kwargs):
    return Client(base_url=URL, sleep=sleeps.append, **kwargs)


@responses.activate
def test_429_retry_after_is_honoured_then_succeeds(sleeps):
    responses.get(
        f"{URL}/things", status=429, headers={"Retry-After": "7"}, json={"message": "slow down"}
    )
    responses.get(f"{URL}/things", json={"ok": True})

    assert client(sleeps).get_json("things") == {"ok": True}
    assert sleeps == [7.0]


@responses.activate
def test_5xx_is_retried_with_backoff_then_gives_up_as_transient(sleeps):
    responses.get(f"{URL}/things", status=503, json={})

    with pytest.raises(TransientIntegrationError, match="HTTP 503 after 3 attempts"):
        client(sleeps).get_json("things")
    assert len(responses.calls) == 3
    assert len(sleeps) == 2
    assert 0.5 <= sleeps[0] <= 0.75
    assert 1.0 <= sleeps[1] <= 1.5


@responses.activate
def test_timeouts_are_retried_and_become_transient(sleeps):
    responses.get(f"{URL}/things", body=requests.Timeout("read timed out"))

    with pytest.raises(TransientIntegrationError, match="Timeout after 3 attempts"):
        client(sleeps).get_json("things")


@responses.activate
@pytest.mark.parametrize(
    ("status", "error"),
    [(401, IntegrationAuthError), (404, IntegrationNotFound), (422, IntegrationError)],
)
def test_client_errors_are_never_retried(sleeps, status, error):
    responses.get(f"{URL}/things", status=status, json={"status_message": "nope"})

    with pytest.raises(error):
        client(sleeps).get_json("things")
    assert len(responses.calls) == 1
    assert sleeps == []


@responses.activate
def test_malformed_json_is_an_integration_error(sleeps):
    responses.get(f"{URL}/things", body="<html>gateway</html>", status=200)

    with pytest.raises(IntegrationError, match="malformed JSON"):
        client(sleeps).get_json("things")


@responses.activate
def test_every_request_carries_the_configured_timeout(sleeps):
    responses.get(f"{URL}/things", json={})
    client(sleeps, timeout=(1.5, 4.0)).get_json("things")
    assert responses.calls[0].request.req_kwargs["timeout"] == (1.5, 4.0)


@responses.activate
def test_responses_are_cached_for_their_ttl(sleeps):
    responses.get(f"{URL}/things", json={"n": 1})
    c = client(sleeps)

    assert c.get_json("things", {"page": 1}, ttl=60) == {"n": 1}
    assert c.get_json("things", {"page": 1}, ttl=60) == {"n": 1}
    assert len(responses.calls) == 1


@responses.activate
def test_rate_window_makes_the_client_wait(sleeps, monkeypatch):
    import apps.integrations.http as http

    monkeypatch.setattr(http.time, "time", lambda: 1000.2)
    responses.get(f"{URL}/things", json={})

    class Limited(Client):
        rate_windows = (RateWindow(2, 1),)

    limited = Limited(base_url=URL, sleep=lambda s: (sleeps.append(s), cache.clear()))
    for _ in range(3):
        limited.get_json("things")

    assert len(sleeps) == 1
    assert sleeps[0] == pytest.approx(0.81, abs=0.01)


@responses.activate
def test_daily_budget_stops_calls_before_they_are_made(sleeps):
    responses.get(f"{URL}/things", json={})

    class Budgeted(Client):
        daily_budget = DailyBudget(150)

    budgeted = Budgeted(base_url=URL, sleep=sleeps.append)
    budgeted.get_json("things", cost=100)
    with pytest.raises(QuotaExceeded):
        budgeted.get_json("things", cost=100)
    assert len(responses.calls) == 1


def test_retry_after_accepts_seconds_and_http_dates():
    assert retry_after_seconds("12") == 12.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


@pytest.mark.parametrize("text", [*HOSTILE_NUMBERS, "-5"], ids=shape_id)
def test_retry_after_that_is_not_ascii_seconds_or_a_date_is_ignored(text):
    assert retry_after_seconds(text) is None
