from apps.integrations.jikan.client import JikanClient, jikan_client_get

__all__ = ["JikanClient", "jikan_client_get"]
