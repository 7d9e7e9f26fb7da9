from apps.integrations.omdb.client import OmdbClient, omdb_client_get

__all__ = ["OmdbClient", "omdb_client_get"]
