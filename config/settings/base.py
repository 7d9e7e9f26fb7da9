"""Settings shared by every environment. Every value that differs between deployments comes
from the environment (see .env.example and docs/operations.md)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from config.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", default=False)
# The local/test modules give a development key; production.py demands one from the environment.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"
USE_I18N = True
# Languages text is rendered in (Accept-Language, or a user's ui_language); catalogues live in
# each app's locale/ folder.
LANGUAGES = [
    ("en", "English"),
    ("hi", "हिन्दी"),
    ("te", "తెలుగు"),
    ("ta", "தமிழ்"),
    ("kn", "ಕನ್ನಡ"),
]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
VAR_DIR = Path(env_str("CINEREC_VAR_DIR", default=str(BASE_DIR / "var")))

# DATABASES
# ------------------------------------------------------------------------------
# Embedded default: SQLite. DATABASE_URL=postgres://... switches to PostgreSQL (psycopg 3) with
# psycopg's connection pool and Django's connection health checks.
DATABASE_URL = env_str("DATABASE_URL", default="")
if DATABASE_URL:
    _db = dj_database_url.parse(DATABASE_URL)
    if _db["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_POOL", default=True):
        _db["CONN_MAX_AGE"] = 0  # persistent connections and the pool exclude each other
        _db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN", 1),
            "max_size": env_int("DATABASE_POOL_MAX", 10),
            "timeout": 10,
        }
    if _db["ENGINE"] == "django.db.backends.postgresql":
        # The web's queries are small indexed reads: a parallel plan's worker start-up (a
        # misestimated 0.3 ms trending query took 21 ms as a Gather of two workers at 1M titles,
        # docs/scale.md) costs more than it saves. DATABASE_PARALLEL_WORKERS puts it back.
        _options = _db.setdefault("OPTIONS", {})
        _parallel = env_int("DATABASE_PARALLEL_WORKERS", 0)
        _options["options"] = " ".join(
            part
            for part in (
                _options.get("options", ""),
                f"-c max_parallel_workers_per_gather={_parallel}",
            )
            if part
        )
    _db["CONN_HEALTH_CHECKS"] = True
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / "db.sqlite3"),
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
    }
DATABASES = {"default": _db}

# CACHES
# ------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Fails open (apps/core/redis_cache.py): Redis down means slower, never failing, requests.
            "BACKEND": "apps.core.redis_cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", default="cinerec"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": env_float("CACHE_CONNECT_TIMEOUT", 0.25),
                "SOCKET_TIMEOUT": env_float("CACHE_SOCKET_TIMEOUT", 0.5),
                "BREAKER_SECONDS": env_float("CACHE_BREAKER_SECONDS", 5.0),
                # Login rate-limit counters stay per process while Redis is away.
                "LOCAL_FALLBACK_PREFIXES": ["rl:"],
            },
        }
    }
else:
    # Per process; room for every demo user's lists (the default 300 entries would cull them).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_htmx",
]
LOCAL_APPS = [
    "apps.core.apps.CoreConfig",
    "apps.integrations.apps.IntegrationsConfig",
    "apps.accounts.apps.AccountsConfig",
    "apps.catalog.apps.CatalogConfig",
    "apps.analytics.apps.AnalyticsConfig",
    "apps.ott.apps.OttConfig",
    "apps.social.apps.SocialConfig",
    "apps.portability.apps.PortabilityConfig",
    "apps.curation.apps.CurationConfig",
    "apps.regional.apps.RegionalConfig",
    "recommender.apps.RecommenderConfig",
    "apps.web.apps.WebConfig",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

AUTH_USER_MODEL = "accounts.User"
# Sign in with the e-mail address or the username (API, admin and site alike).
AUTHENTICATION_BACKENDS = ["apps.accounts.backends.EmailOrUsernameBackend"]
LOGIN_URL = "web:signin"
# Site sessions live in the database: a cache outage must not sign everybody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "apps.core.middleware.RequestIdMiddleware",
    "apps.core.db_outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "apps.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.viewing.ViewingMiddleware",  # request.viewing, resolved on first read
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.web.context_processors.site",
            ]
        },
    }
]

# CONTENT SECURITY POLICY (apps/core/csp.py)
# ------------------------------------------------------------------------------
# Everything is served from static/; posters and trailers are the only third-party origins.
CSP_IMAGE_HOSTS = env_list(
    "CSP_IMAGE_HOSTS",
    default=["https://image.tmdb.org", "https://cdn.myanimelist.net", "https://i.ytimg.com"],
)
CONTENT_SECURITY_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *CSP_IMAGE_HOSTS],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["https://www.youtube-nocookie.com", "https://www.youtube.com"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
CONTENT_SECURITY_POLICY_PATH_OVERRIDES = {
    "/api/docs/": {"style-src": ["'self'", "'unsafe-inline'"]},  # Swagger UI's one <style>
}

# STATIC AND MEDIA
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Trained models: shared storage every host reads (the database by default), and each host's
# local uncompressed copy, memory-mapped by its processes (docs/operations.md, "Where trained
# models live"). An S3-compatible store is a BACKEND change here (django-storages).
ARTIFACT_STORAGE = {"BACKEND": "recommender.artifact_store.DatabaseStorage"}
ARTIFACT_CACHE_DIR = Path(env_str("ARTIFACT_CACHE_DIR", default=str(VAR_DIR / "models")))
# Versions kept per algorithm besides the active one (recommender/artifact_prune.py).
ARTIFACT_KEEP_VERSIONS = env_int("ARTIFACT_KEEP_VERSIONS", 3)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "artifacts": ARTIFACT_STORAGE,
}

# PASSWORDS
# ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# E-MAIL
# ------------------------------------------------------------------------------
# The console locally; SMTP when EMAIL_HOST is set. SITE_URL builds the links in messages.
EMAIL_HOST = env_str("EMAIL_HOST", default="")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="CineRec <no-reply@cinerec.local>")
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000")
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 60 * 60)

# DJANGO REST FRAMEWORK
# ------------------------------------------------------------------------------
# Reverse proxies in front of the app whose X-Forwarded-For entries are trusted (Render: 1).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)


def _throttle_rate(name: str, default: str) -> str | None:
    """A DRF rate such as 120/min, or `off` (limits enforced in front of the app)."""
    value = env_str(name, default=default).strip()
    return None if value.lower() == "off" else value


REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # simplejwt's, with the user from a short-lived cache entry (apps/accounts/cached_auth.py)
        "apps.accounts.cached_auth.CachedJWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "apps.core.api.pagination.StandardPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "apps.core.api.exception_handlers.api_exception_handler",
    "DEFAULT_METADATA_CLASS": "apps.core.api.metadata.ApiMetadata",  # OPTIONS: never a 500
    "DEFAULT_THROTTLE_CLASSES": [
        "apps.core.api.throttling.AnonThrottle",
        "apps.core.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": _throttle_rate("API_THROTTLE_ANON", "120/min"),
        "user": _throttle_rate("API_THROTTLE_USER", "600/min"),
    },
}
API_MAX_PAGE_SIZE = 100
# Paginated lists count their rows exactly up to this many; beyond it the page says `count` is a
# lower bound (`count_is_lower_bound`): COUNT(*) of 1M titles costs 166 ms-2.1 s, at most
# 1,001 rows about a tenth of 10-55 ms for 10,001 (docs/scale.md).
API_COUNT_CAP = env_int("API_COUNT_CAP", 1_000)
# Imports (apps/portability): upload limits per user and per client address (`off` disables one),
# the file's size cap (enforced while the body streams in) and the entries one file may hold.
IMPORT_RATE = _throttle_rate("IMPORT_RATE", "10/hour")
IMPORT_RATE_PER_ADDRESS = _throttle_rate("IMPORT_RATE_PER_ADDRESS", "30/hour")
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20_000)

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("JWT_REFRESH_DAYS", 7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
}

# Failed password checks before a lockout, at every door (apps/accounts/limits.py): per
# (account, client address), per client address, and per account from all addresses (a
# distributed attack; addresses the account signed in from recently still get through).
LOGIN_FAILURES_PER_ACCOUNT_ADDRESS = env_int("LOGIN_FAILURES_PER_ACCOUNT_ADDRESS", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20)
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 200)
# The first lockout; each further one of the same key within a day doubles, up to the cap
# (which is also how long failures are remembered).
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 60)
LOGIN_LOCKOUT_MAX_SECONDS = env_int("LOGIN_LOCKOUT_MAX_SECONDS", 3600)
# Account e-mails (reset links, e-mail change), per client address and per receiving inbox.
ACCOUNT_EMAIL_RATE_PER_IP = env_str("ACCOUNT_EMAIL_RATE_PER_IP", default="10/h")
ACCOUNT_EMAIL_RATE = env_str("ACCOUNT_EMAIL_RATE", default="3/h")

SPECTACULAR_SETTINGS = {
    "TITLE": "CineRec API",
    "DESCRIPTION": (
        "Movie, TV and anime discovery with an Indian regional focus. "
        'Errors always have the shape {"error": {"code", "message", "details"}}.'
    ),
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Assets from drf-spectacular-sidecar: Swagger UI works without a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for each choice set that several serializers share.
    "ENUM_NAME_OVERRIDES": {
        "ContentKindEnum": "apps.catalog.models.ContentKind",
        "ListKindEnum": "apps.social.models.ListKind",
    },
    # The range-checked id converter (apps/core/converters.py) as a bounded integer.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}},
}

# CORS
# ------------------------------------------------------------------------------
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"

# CELERY
# ------------------------------------------------------------------------------
# Without REDIS_URL tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Keep a worker process's database connections across tasks (closed every 2 x this many): by
# default Celery's Django fixup closes them before and after every task, and in a prefork worker
# with the psycopg pool it closes the whole pool, so each batch-precompute chunk opened new
# PostgreSQL connections (a backend forked, its catalog caches cold) twice (docs/scale.md,
# "Batch precompute fanned out on Celery").
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 100)
CELERY_TASK_TIME_LIMIT = 60 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 55 * 60
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_TASK_TRACK_STARTED = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"recommender.*": {"queue": "ml"}}  # training and batch work
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {}

# LOGGING
# ------------------------------------------------------------------------------
LOG_FORMAT = env_str("LOG_FORMAT", default="text")  # "json" in production
LOG_LEVEL = env_str("LOG_LEVEL", default="INFO")
# Settings whose values never reach a log line (apps.core.logging.SecretsFilter, on every root
# handler); URL passwords, bot tokens, ?key= values and bearer tokens are redacted by shape too.
LOG_REDACT_SETTINGS = [
    "SECRET_KEY",
    "TELEGRAM_BOT_TOKEN",
    "TMDB_API_TOKEN",
    "OMDB_API_KEY",
    "YOUTUBE_API_KEY",
    "EMAIL_HOST_PASSWORD",
]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "apps.core.logging.RequestIdFilter"},
        "redact_secrets": {"()": "apps.core.logging.SecretsFilter"},
    },
    "formatters": {
        "json": {"()": "apps.core.logging.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)-7s [%(request_id)s] %(name)s: %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "redact_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        "celery": {"level": "INFO"},
    },
}

from config.settings.integrations import *  # noqa: E402

# Ingestion schedule (celery-beat; django-celery-beat also lets curators edit it in the admin).
CELERY_BEAT_SCHEDULE |= {
    "tmdb-trending-hourly": {
        "task": "catalog.ingest",
        "schedule": crontab(minute=5),
        "args": ("tmdb", "trending"),
    },
    "tmdb-popular-daily": {
        "task": "catalog.ingest",
        "schedule": crontab(hour=2, minute=15),
        "args": ("tmdb", "popular"),
    },
    "tmdb-regional-daily": {
        "task": "catalog.ingest",
        "schedule": crontab(hour=2, minute=30),
        "args": ("tmdb", "regional"),
    },
    "jikan-top-daily": {
        "task": "catalog.ingest",
        "schedule": crontab(hour=3, minute=0),
        "args": ("jikan", "top"),
    },
    "jikan-season-daily": {
        "task": "catalog.ingest",
        "schedule": crontab(hour=3, minute=20),
        "args": ("jikan", "season"),
    },
    "tmdb-details-daily": {
        "task": "catalog.ingest",
        "schedule": crontab(hour=4, minute=0),
        "args": ("tmdb", "details"),
    },
    "omdb-ratings-daily": {
        "task": "catalog.ingest",
        "schedule": crontab(hour=4, minute=30),
        "args": ("omdb", "ratings"),
    },
    "youtube-trailers-daily": {
        "task": "catalog.ingest",
        "schedule": crontab(hour=5, minute=0),
        "args": ("youtube", "trailers"),
    },
}

# Recommender schedule: nightly full retrain, a retrain once enough new interactions arrived,
# and the batch precompute of top-N lists for active users.
RECOMMENDER_RETRAIN_AFTER = env_int("RECOMMENDER_RETRAIN_AFTER", 500)
# Users per batch-precompute chunk task (recommender/precompute): one signals query, one batched
# fold-in and ANN search, one cache write each.
RECOMMENDER_PRECOMPUTE_CHUNK = env_int("RECOMMENDER_PRECOMPUTE_CHUNK", 1000)
CELERY_BEAT_SCHEDULE |= {
    "recommender-nightly-retrain": {
        "task": "recommender.nightly_retrain",
        "schedule": crontab(hour=1, minute=30),
    },
    "recommender-retrain-if-due": {
        "task": "recommender.retrain_if_due",
        "schedule": crontab(minute="*/15"),
    },
    "recommender-precompute": {
        "task": "recommender.precompute",
        "schedule": crontab(minute=45, hour="*/6"),
    },
    "recommender-prune-artifacts": {
        "task": "recommender.prune_artifacts",
        "schedule": crontab(hour=3, minute=40),
    },
}

# The country assumed when neither the profile nor the address says where the visitor is (private,
# loopback and unknown addresses: the viewing context says so, source "default"; docs/regional.md).
# REGIONAL_DEFAULT_COUNTRY is the name this setting had on the regional side. OTT_COUNTRIES are the countries TMDB offers are kept
# for (users' own countries are added to them).
DEFAULT_COUNTRY = env_str(
    "DEFAULT_COUNTRY", default=env_str("REGIONAL_DEFAULT_COUNTRY", default="IN")
)
OTT_COUNTRIES = [c.upper() for c in env_list("OTT_COUNTRIES", default=["IN"])]
OTT_STALE_DAYS = env_int("OTT_STALE_DAYS", 7)
CELERY_BEAT_SCHEDULE |= {
    "ott-refresh-stale-daily": {
        "task": "ott.refresh_stale",
        "schedule": crontab(hour=4, minute=45),
        "kwargs": {"limit": 200},
    },
}

# Analytics: daily rollups (yesterday final, today provisional) for the curators' dashboard.
CELERY_BEAT_SCHEDULE |= {
    "analytics-rollup-daily": {
        "task": "analytics.rollup_daily",
        "schedule": crontab(minute=20),
    },
}

# The outbox (apps/core/outbox.py): tasks recorded while the broker was unreachable.
OUTBOX_BREAKER_SECONDS = env_float("OUTBOX_BREAKER_SECONDS", 10.0)
CELERY_BEAT_SCHEDULE |= {
    "core-outbox-drain": {"task": "core.outbox_drain", "schedule": 60.0},
}

# Two-stage serving (docs/scale.md, "Two-stage retrieval"): above this many titles the hybrid
# ranks only a candidate pool the ALS vectors retrieve from an ANN index, since scoring every
# title costs O(titles) per request. 100,000 keeps the demo's ~28k titles on the exact path
# (its tests and measured quality unchanged) and is well under the 1M scale target.
TWO_STAGE_MIN_TITLES = env_int("TWO_STAGE_MIN_TITLES", 100_000)
# Pool size: the validation rule's choice on MovieLens 100K (640, the larger of the two REAL
# sets measured; docs/scale.md); the pool sizes are absolute, so it holds at 1M titles.
TWO_STAGE_POOL = env_int("TWO_STAGE_POOL", 640)
