import sys

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core.db_outage import is_db_outage, outage_response
from apps.core.exceptions import error_body
from apps.core.health import readiness


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: database, cache and broker reachable; 503 naming the ones that failed."""
    checks = readiness()
    failed = sorted(name for name, result in checks.items() if result != "ok")
    if failed:
        body = error_body("not_ready", f"Not ready: {', '.join(failed)} unavailable.", checks)
        return JsonResponse(body, status=503)
    return JsonResponse({"status": "ok", "checks": checks})


def json_not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(error_body("not_found", "No such resource."), status=404)


def json_server_error(request: HttpRequest) -> JsonResponse:
    exc = sys.exc_info()[1]
    if is_db_outage(exc):  # raised outside a view (middleware, session save)
        assert exc is not None
        return outage_response(exc)
    return JsonResponse(error_body("server_error", "An unexpected error occurred."), status=500)


def json_bad_request(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(
        error_body("bad_request", "The request could not be understood."), status=400
    )


def json_permission_denied(
    request: HttpRequest, exception: Exception | None = None
) -> JsonResponse:
    return JsonResponse(error_body("permission_denied", "Permission denied."), status=403)
