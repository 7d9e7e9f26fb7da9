"""Test settings: fast hashing, eager Celery unless a real broker is asked for."""

from config.settings.base import *
from config.settings.base import REST_FRAMEWORK as _REST_FRAMEWORK

SECRET_KEY = "test-only-not-secret-0123456789abcdef0123456789"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Throttles are tested explicitly; generous defaults keep the rest of the suite independent.
REST_FRAMEWORK = {
    **_REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "10000/min", "user": "10000/min"},
}
TMDB_API_TOKEN = "test-tmdb-token"  # noqa: S105
OMDB_API_KEY = "test-omdb-key"
YOUTUBE_API_KEY = "test-youtube-key"
TELEGRAM_BOT_TOKEN = "123456:test-telegram-token"  # noqa: S105

# Serve static files straight from the apps and static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
