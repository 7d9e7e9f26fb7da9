"""Readiness checks of the backing services.

Each check raises when its service is not ready. The public answer says only "ok" or
"unavailable" per service: exception text names hosts, ports and users, so it goes to the log.
"""

import logging
import uuid

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    ok = cache.get(key) == "1"
    cache.delete(key)
    if not ok:
        raise RuntimeError("cache did not return the value just written")


def check_broker() -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return  # tasks run in-process: there is no broker to reach
    # The project's app (config/celery.py) is the current one: core does not import config.
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def readiness() -> dict[str, str]:
    """Name -> "ok" or "unavailable" for every backing service; the reason is logged."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any driver error means "not ready"
            logger.warning("readiness check %s failed", name, exc_info=True)
            results[name] = UNAVAILABLE
        else:
            results[name] = OK
    return results
