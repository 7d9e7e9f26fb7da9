"""Local development: the embedded default (SQLite, local-memory cache, eager Celery)."""

from config.env import env_bool
from config.settings.base import *
from config.settings.base import SECRET_KEY as _SECRET_KEY

DEBUG = env_bool("DJANGO_DEBUG", default=False)  # off unless asked for (DJANGO_DEBUG=true)
SECRET_KEY = _SECRET_KEY or "local-development-only-not-secret-0123456789abcdef"

# Serve static files straight from the apps and static/ without collectstatic; rescanning them on
# every request (autorefresh) only while debugging.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
