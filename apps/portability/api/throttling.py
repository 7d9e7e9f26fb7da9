"""Upload limits of the import endpoint: per user and per client address, both always applied.

The per-address limit (keyed by apps.core.client_ip like every other limit) stops one machine
cycling through many accounts; the per-user limit stops one account spread over many addresses.
`off` for either setting disables it (the fuzz run does, to reach the parsers).
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.request import Request
from rest_framework.views import APIView

from apps.core.api.throttling import AnonThrottle, UserThrottle


class ImportThrottle(UserThrottle):
    """Imports are heavy: a per-user limit of their own (IMPORT_RATE, default 10/hour)."""

    scope = "import"

    def get_rate(self) -> str | None:
        return getattr(settings, "IMPORT_RATE", "10/hour")


class ImportAddressThrottle(AnonThrottle):
    """Per client address, signed in or not (IMPORT_RATE_PER_ADDRESS, default 30/hour)."""

    scope = "import_address"

    def get_rate(self) -> str | None:
        return getattr(settings, "IMPORT_RATE_PER_ADDRESS", "30/hour")

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
