"""OpenAPI: the cached JWT authentication (apps.accounts.cached_auth) is simplejwt's bearer
scheme, under the same `jwtAuth` name, so the published schema does not change with it."""

from __future__ import annotations

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class CachedJWTScheme(SimpleJWTScheme):
    target_class = "apps.accounts.cached_auth.CachedJWTAuthentication"
