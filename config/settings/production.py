"""Production: secrets and hosts are required from the environment; HTTPS hardening on."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from config.settings.base import *

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# /healthz and /readyz are probed over plain HTTP by the platform's health checker.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "artifacts": ARTIFACT_STORAGE,
}
LOG_FORMAT = env_str("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # type: ignore[index]

# E-mail must reach people: a backend that prints (console), keeps (locmem), writes to disk
# (filebased) or drops (dummy) messages would print reset links to stdout or lose them. Set
# EMAIL_HOST (SMTP) or another real EMAIL_BACKEND; EMAIL_ALLOW_CONSOLE=1 is the explicit opt-out
# for a demo deployment that accepts it.
NON_DELIVERING_EMAIL_BACKENDS = {
    f"django.core.mail.backends.{name}.EmailBackend"
    for name in ("console", "locmem", "filebased", "dummy")
}
EMAIL_ALLOW_CONSOLE = env_bool("EMAIL_ALLOW_CONSOLE", default=False)
if EMAIL_BACKEND in NON_DELIVERING_EMAIL_BACKENDS and not EMAIL_ALLOW_CONSOLE:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND is {EMAIL_BACKEND}, which does not deliver mail (password-reset links "
        "would be printed or lost): set EMAIL_HOST for SMTP, or another EMAIL_BACKEND, or "
        "EMAIL_ALLOW_CONSOLE=1 to accept it."
    )
if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend" and not EMAIL_HOST:
    raise ImproperlyConfigured("EMAIL_BACKEND is SMTP: set EMAIL_HOST.")
