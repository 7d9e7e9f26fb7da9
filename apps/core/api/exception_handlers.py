"""The one error shape of the API: {"error": {"code", "message", "details"}}."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from apps.core.db_outage import RETRY_AFTER_SECONDS, is_db_outage, outage_body, recover
from apps.core.exceptions import ApplicationError, TooManyRequests, error_body

logger = logging.getLogger(__name__)

_VALIDATION_MESSAGE = "The request is invalid; see details for each field."


def _first_code(codes: Any) -> str:
    while isinstance(codes, dict | list) and codes:
        codes = next(iter(codes.values())) if isinstance(codes, dict) else codes[0]
    return codes if isinstance(codes, str) else "error"


def _error_from_api_exception(exc: exceptions.APIException) -> dict[str, Any]:
    detail: Any = exc.detail
    extra: dict[str, Any] = {}
    if isinstance(detail, dict):  # e.g. SimpleJWT: {"detail", "code", "messages"}
        extra = {k: v for k, v in detail.items() if k not in ("detail", "code")}
        code = str(detail.get("code") or _first_code(exc.get_codes()))
        message = str(detail.get("detail", exc.default_detail))
    else:
        code, message = _first_code(exc.get_codes()), str(detail)
    wait = getattr(exc, "wait", None)
    if wait is not None:
        extra["retry_after_seconds"] = int(wait)
    return error_body(code, message, extra)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if is_db_outage(exc):
        recover(exc)
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        return Response(outage_body(), status=status.HTTP_503_SERVICE_UNAVAILABLE, headers=headers)
    if isinstance(exc, ApplicationError):
        retry = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequests) else None
        body = error_body(exc.code, exc.message, exc.details)
        return Response(body, status=exc.status_code, headers=retry)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled API error", exc_info=exc)
        return Response(
            error_body("server_error", "An unexpected error occurred."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    assert isinstance(exc, exceptions.APIException)
    if isinstance(exc, exceptions.ValidationError):
        details = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body("validation_error", _VALIDATION_MESSAGE, details)
    else:
        response.data = _error_from_api_exception(exc)
    return response
