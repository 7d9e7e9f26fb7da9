"""A lost database connection is a 503 with Retry-After, never a 500, and heals by itself.

Every path that can meet the error answers the same way: DRF views through the API exception
handler, other views through `DatabaseOutageMiddleware`, and errors raised outside any view
(middleware, session saving) through the JSON 500 handler. After answering, connections that
saw the error are closed if unusable, so the next request opens a fresh one: no restart needed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from apps.core.exceptions import error_body

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
OUTAGE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)


def is_db_outage(exc: BaseException | None) -> bool:
    return isinstance(exc, OUTAGE_ERRORS)


def outage_body() -> dict[str, object]:
    return error_body(
        "service_unavailable",
        _("The database is unavailable; try again shortly."),
        {"retry_after_seconds": RETRY_AFTER_SECONDS},
    )


def recover(exc: BaseException) -> None:
    """Log once per request and drop connections the error left unusable."""
    logger.warning("database unavailable: %s: %s", type(exc).__name__, exc)
    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block:
            continue
        try:
            conn.close_if_unusable_or_obsolete()
        except Exception:  # closing a dead connection may itself fail; the next request retries
            logger.debug("closing connection %s failed", conn.alias, exc_info=True)


def outage_response(exc: BaseException) -> JsonResponse:
    recover(exc)
    response = JsonResponse(outage_body(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseOutageMiddleware:
    """Turns database connection errors raised by non-DRF views into the 503 answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return outage_response(exception) if is_db_outage(exception) else None
