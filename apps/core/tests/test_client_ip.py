"""One client address for every limit; a made-up X-Forwarded-For header earns no fresh bucket."""

import pytest
from django.test import RequestFactory
from rest_framework.throttling import AnonRateThrottle

from apps.core.client_ip import client_ip

LOGIN = "/api/auth/login"


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "10.0.0.9"),
        (0, "203.0.113.7", "10.0.0.9"),  # no trusted proxy: the header is the client's word
        (1, None, "10.0.0.9"),
        (1, "203.0.113.7", "203.0.113.7"),  # what the proxy saw
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),  # the leftmost entry was sent by the client
        (2, "1.2.3.4, 203.0.113.7, 10.1.1.1", "203.0.113.7"),
        (3, "203.0.113.7", "203.0.113.7"),  # fewer hops than proxies: the first one
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(request_from("10.0.0.9", forwarded)) == expected


@pytest.mark.django_db
def test_a_made_up_forwarded_header_does_not_reset_the_login_limit(api_client, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    codes = [
        api_client.post(
            LOGIN,
            {"email": f"x{i}@example.com", "password": "guess-1234"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
        ).status_code
        for i in range(4)
    ]
    assert codes == [401, 401, 401, 429]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_has_its_own_login_limit(api_client, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 2
    settings.TRUSTED_PROXY_COUNT = 1

    def attempt(client_address: str, n: int) -> int:
        return api_client.post(
            LOGIN,
            {"email": f"y{n}@example.com", "password": "guess-1234"},
            format="json",
            REMOTE_ADDR="10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=client_address,
        ).status_code

    first = [attempt("203.0.113.7", n) for n in range(3)]
    other = attempt("203.0.113.8", 9)
    assert first == [401, 401, 429]
    assert other == 401  # another visitor behind the same proxy is not locked out


@pytest.mark.django_db
def test_anonymous_api_throttle_ignores_a_made_up_forwarded_header(api_client, monkeypatch):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/min")
    codes = [
        api_client.get("/api/content/trending", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code
        for i in range(3)
    ]
    assert codes == [200, 200, 429]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_anonymous_client_has_its_own_api_throttle(
    api_client, settings, monkeypatch
):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/min")
    settings.TRUSTED_PROXY_COUNT = 1

    def get(client_address: str) -> int:
        return api_client.get(
            "/api/content/trending", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client_address
        ).status_code

    assert [get("203.0.113.7") for _ in range(3)] == [200, 200, 429]
    assert get("203.0.113.8") == 200


def test_throttle_rates_come_from_the_environment_and_off_disables(monkeypatch):
    from config.settings.base import _throttle_rate

    monkeypatch.setenv("API_THROTTLE_ANON", "30/min")
    assert _throttle_rate("API_THROTTLE_ANON", "120/min") == "30/min"
    monkeypatch.setenv("API_THROTTLE_ANON", "off")
    assert _throttle_rate("API_THROTTLE_ANON", "120/min") is None
    monkeypatch.delenv("API_THROTTLE_ANON")
    assert _throttle_rate("API_THROTTLE_ANON", "120/min") == "120/min"
