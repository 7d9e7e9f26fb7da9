from apps.integrations.geo.client import GeoReader, geo_locate, geo_reader_get
from apps.integrations.geo.types import DBIP_ATTRIBUTION, GeoLocation

__all__ = ["DBIP_ATTRIBUTION", "GeoLocation", "GeoReader", "geo_locate", "geo_reader_get"]
