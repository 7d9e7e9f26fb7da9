"""The API's routes read from the URL configuration itself (config.urls), with their methods.

Used by the authorisation matrix and the fault-injection suite, so a new endpoint is covered
by both without anyone listing it by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "api/user/watchlist/<id:content_id>"
    methods: tuple[str, ...]

    @property
    def params(self) -> list[str]:
        return [m.group("name") for m in _PARAM.finditer(self.route)]

    def path(self, values: dict[str, object]) -> str:
        return "/" + _PARAM.sub(lambda m: str(values[m.group("name")]), self.route)


def _walk(patterns: list[URLPattern | URLResolver], prefix: str) -> list[Route]:
    routes: list[Route] = []
    for pattern in patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _walk(pattern.url_patterns, text)
            continue
        view = getattr(pattern.callback, "view_class", None) or getattr(
            pattern.callback, "cls", None
        )
        if view is None:
            methods: tuple[str, ...] = ("get",)
        else:
            methods = tuple(m for m in HTTP_METHODS if hasattr(view, m))
        routes.append(Route(text, methods))
    return routes


def all_routes() -> list[Route]:
    """Every route of the URL configuration: the site, the admin and the API."""
    return _walk(get_resolver().url_patterns, "")


def api_routes() -> list[Route]:
    """Every route under api/, in URL-configuration order."""
    return [r for r in all_routes() if r.route.startswith("api/")]
