from apps.integrations.youtube.client import YoutubeClient, youtube_client_get

__all__ = ["YoutubeClient", "youtube_client_get"]
