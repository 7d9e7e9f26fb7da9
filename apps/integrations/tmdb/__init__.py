from apps.integrations.tmdb.client import TmdbClient, tmdb_client_get

__all__ = ["TmdbClient", "tmdb_client_get"]
