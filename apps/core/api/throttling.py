"""DRF's rate throttles, identifying anonymous clients by apps.core.client_ip like every other
limit (DRF's own rule would need NUM_PROXIES kept in step with TRUSTED_PROXY_COUNT).

Their counters live in the cache; while it is unavailable (apps/core/redis_cache.py) they fail open
and say so in the log, at most once a minute per process.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from apps.core.client_ip import client_ip

if TYPE_CHECKING:
    from rest_framework.views import APIView

logger = logging.getLogger(__name__)
_WARN_EVERY_SECONDS = 60.0
_last_warning = [-_WARN_EVERY_SECONDS]


def _warn_if_cache_unavailable() -> None:
    breaker = getattr(cache, "breaker", None)
    if breaker is None or not breaker.failing:
        return
    now = time.monotonic()
    if now - _last_warning[0] >= _WARN_EVERY_SECONDS:
        _last_warning[0] = now
        logger.warning("cache unavailable: API throttles are not enforced until it returns")


class AnonThrottle(AnonRateThrottle):
    def get_ident(self, request: Request) -> str:
        return client_ip(request)

    def allow_request(self, request: Request, view: APIView) -> bool:
        allowed = super().allow_request(request, view)
        _warn_if_cache_unavailable()
        return allowed


class UserThrottle(UserRateThrottle):
    def get_ident(self, request: Request) -> str:
        return client_ip(request)

    def allow_request(self, request: Request, view: APIView) -> bool:
        allowed = super().allow_request(request, view)
        _warn_if_cache_unavailable()
        return allowed
