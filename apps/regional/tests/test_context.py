"""Where the visitor is: through a trusted proxy, from the profile, or the default country."""

import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.tests.factories import TEST_PASSWORD

TELANGANA_IP = "14.139.64.1"  # found in the DB by scripts/geo_sample_ips.py
TAMIL_NADU_IP = "1.6.0.1"
PROXY = "10.0.0.2"
URL = "/api/regional/context"


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def _via_proxy(client, url, ip, **kwargs):
    # the client may put anything left of the proxy's entry; only the proxy's entry counts
    return client.get(url, HTTP_X_FORWARDED_FOR=f"203.0.113.9, {ip}", REMOTE_ADDR=PROXY, **kwargs)


@pytest.mark.django_db
def test_telangana_address_through_a_trusted_proxy_leads_with_telugu(api_client, one_proxy):
    body = _via_proxy(api_client, URL, TELANGANA_IP).json()
    assert body["country"] == "IN"
    assert body["state"] == "Telangana"
    assert body["state_code"] == "IN-TS"
    assert body["languages"][0] == "te"
    assert body["source"] == "ip"
    assert body["attribution"] == {"text": "IP Geolocation by DB-IP", "url": "https://db-ip.com"}


@pytest.mark.django_db
def test_tamil_nadu_address_leads_with_tamil(api_client, one_proxy):
    body = _via_proxy(api_client, URL, TAMIL_NADU_IP).json()
    assert (body["state"], body["languages"][0], body["source"]) == ("Tamil Nadu", "ta", "ip")


@pytest.mark.django_db
def test_forwarded_header_is_ignored_without_a_trusted_proxy(api_client):
    body = api_client.get(URL, HTTP_X_FORWARDED_FOR=TELANGANA_IP, REMOTE_ADDR=PROXY).json()
    assert body["source"] == "default"
    assert body["state"] == ""


@pytest.mark.django_db
def test_private_address_falls_back_to_the_configured_country_and_says_so(api_client, settings):
    settings.DEFAULT_COUNTRY = "IN"
    body = api_client.get(URL, REMOTE_ADDR="127.0.0.1").json()
    assert body["country"] == "IN"
    assert body["source"] == "default"
    assert "default" in body["note"]
    assert body["attribution"] is None
    assert body["languages"][0] == "hi"


@pytest.mark.django_db
def test_outside_india_leads_with_english(api_client):
    body = api_client.get(URL, REMOTE_ADDR="8.8.8.8").json()
    assert body["country"] == "US"
    assert body["languages"] == ["en"]


@pytest.mark.django_db
def test_profile_location_wins_over_the_address(auth_client, user, one_proxy):
    user.country, user.region, user.location_source = "IN", "Kerala", "user"
    user.preferred_languages = ["en"]
    user.save()
    body = _via_proxy(auth_client, URL, TELANGANA_IP).json()
    assert body["source"] == "profile"
    assert body["state"] == "Kerala"
    assert body["languages"] == ["en", "ml"]
    assert body["attribution"] is None


def _register(client, **extra):
    data = {"email": "asha@example.com", "username": "asha", "password": TEST_PASSWORD, **extra}
    return client.post(
        reverse("auth-api:register"),
        data,
        format="json",
        HTTP_X_FORWARDED_FOR=TELANGANA_IP,
        REMOTE_ADDR=PROXY,
    )


@pytest.mark.django_db
def test_sign_up_fills_the_profile_from_the_address(api_client, one_proxy):
    assert _register(api_client).status_code == 201
    user = User.objects.get(email="asha@example.com")
    assert (user.country, user.region, user.location_source) == ("IN", "Telangana", "ip")


@pytest.mark.django_db
def test_sign_up_keeps_the_users_own_location(api_client, one_proxy):
    assert _register(api_client, country="IN", region="Karnataka").status_code == 201
    user = User.objects.get(email="asha@example.com")
    assert (user.country, user.region, user.location_source) == ("IN", "Karnataka", "user")


@pytest.mark.django_db
def test_the_users_later_edit_wins_over_the_ip_location(api_client, one_proxy):
    _register(api_client)
    user = User.objects.get(email="asha@example.com")
    api_client.force_authenticate(user=user)
    response = api_client.patch(
        reverse("user-api:profile"), {"country": "IN", "region": "Tamil Nadu"}, format="json"
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.region, user.location_source) == ("Tamil Nadu", "user")
    body = _via_proxy(api_client, URL, TELANGANA_IP).json()
    assert (body["source"], body["state"], body["languages"][0]) == ("profile", "Tamil Nadu", "ta")
