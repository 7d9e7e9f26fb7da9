"""Content-Security-Policy on every response, from settings.CONTENT_SECURITY_POLICY.

The product serves every script and style sheet from its own static/ (WhiteNoise), so the
policy allows only 'self' for them: no inline script anywhere (the API docs use the split
Swagger view whose start-up script is a file). Poster and trailer hosts are the only
third-party origins. CONTENT_SECURITY_POLICY_PATH_OVERRIDES replaces directives for a path
prefix (the Swagger UI page has one inline <style> block).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def render(policy: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *values]) for name, values in policy.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        policy: dict[str, list[str]] = dict(settings.CONTENT_SECURITY_POLICY)
        self.default = render(policy)
        overrides: dict[str, dict[str, list[str]]] = getattr(
            settings, "CONTENT_SECURITY_POLICY_PATH_OVERRIDES", {}
        )
        self.by_prefix = [
            (prefix, render({**policy, **changes})) for prefix, changes in overrides.items()
        ]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            header = next(
                (value for prefix, value in self.by_prefix if request.path.startswith(prefix)),
                self.default,
            )
            response[HEADER] = header
        return response
