"""gunicorn settings (`gunicorn -c config/gunicorn.py config.wsgi:application ...`).

gunicorn's access and error logs go through the same secrets filter as the application's
(apps.core.logging.SecretsFilter): the request that opens a password-reset or e-mail-change link
carries its token in the path. Once the application is loaded, Django's LOGGING owns the root
handler; gunicorn's loggers have no handler of their own and propagate to it.
"""

_FORMAT = "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s"

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "apps.core.logging.SecretsFilter"}},
    "formatters": {"generic": {"format": _FORMAT}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "filters": ["redact_secrets"],
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": True},
    },
}
