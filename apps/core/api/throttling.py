"""DRF's rate throttles, identifying anonymous clients by apps.core.client_ip like every other
limit (DRF's own rule would need NUM_PROXIES kept in step with TRUSTED_PROXY_COUNT)."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from apps.core.client_ip import client_ip


class AnonThrottle(AnonRateThrottle):
    def get_ident(self, request: Request) -> str:
        return client_ip(request)


class UserThrottle(UserRateThrottle):
    def get_ident(self, request: Request) -> str:
        return client_ip(request)
