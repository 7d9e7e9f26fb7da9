"""Offline IP geolocation against the shipped DB-IP City Lite database (no network).

The addresses were found by scanning the database (scripts/geo_sample_ips.py), not guessed.
"""

import pytest

from apps.integrations.geo import GeoLocation, GeoReader, geo_locate
from apps.integrations.geo.client import _reader_for, default_db_path

TELANGANA_IP = "14.139.64.1"  # Hyderabad
TAMIL_NADU_IP = "1.6.0.1"  # Chennai


@pytest.fixture(autouse=True)
def _fresh_reader():
    _reader_for.cache_clear()
    yield
    _reader_for.cache_clear()


def test_public_addresses_resolve_to_country_and_state():
    hyderabad = geo_locate(TELANGANA_IP)
    assert hyderabad is not None
    assert (hyderabad.country, hyderabad.state) == ("IN", "Telangana")
    chennai = geo_locate(TAMIL_NADU_IP)
    assert chennai == GeoLocation(country="IN", state="Tamil Nadu", city=chennai.city)  # type: ignore[union-attr]
    assert geo_locate("8.8.8.8").country == "US"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "ip", ["127.0.0.1", "10.1.2.3", "192.168.0.7", "172.16.5.5", "::1", "fe80::1", "", "not-an-ip"]
)
def test_private_loopback_and_invalid_addresses_have_no_location(ip):
    assert geo_locate(ip) is None


def test_db_path_setting_overrides_the_shipped_database(settings, tmp_path):
    settings.GEOIP_DB_PATH = str(tmp_path / "missing.mmdb")
    assert default_db_path() == settings.GEOIP_DB_PATH
    assert geo_locate(TELANGANA_IP) is None  # missing file: logged, no location, no crash


def test_unreadable_database_gives_no_location(settings, tmp_path):
    broken = tmp_path / "broken.mmdb"
    broken.write_bytes(b"not a maxmind database")
    settings.GEOIP_DB_PATH = str(broken)
    assert geo_locate(TELANGANA_IP) is None


def test_reader_reports_the_database_it_reads():
    assert GeoReader(default_db_path()).database_type == "DBIP-City-Lite"
