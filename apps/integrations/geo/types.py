"""What an IP address tells us about where a visitor is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GeoLocation:
    """Country (ISO 3166-1 alpha-2), state as the database names it (may be empty), city."""

    country: str
    state: str = ""
    city: str = ""


# DB-IP Lite is CC BY 4.0: wherever a result derived from it is shown, this link must be too.
DBIP_ATTRIBUTION = {"text": "IP Geolocation by DB-IP", "url": "https://db-ip.com"}
