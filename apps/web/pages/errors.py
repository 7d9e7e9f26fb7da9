"""404 and 500 in the site's style; the API keeps its JSON error bodies."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import loader

from apps.core import views as core_views


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return core_views.json_not_found(request, exception)
    return HttpResponse(loader.render_to_string("404.html", request=request), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return core_views.json_server_error(request)
    # No request context: the failure may be in a context processor or the database.
    return HttpResponse(loader.render_to_string("500.html"), status=500)
