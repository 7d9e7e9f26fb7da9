"""The client's address, the same way for every limit (DRF throttles, login rate limits).

Behind `TRUSTED_PROXY_COUNT` reverse proxies (Render's router: 1) the client is the address the
outermost trusted proxy saw: the n-th X-Forwarded-For entry from the right, since each proxy
appends the address it received from. Entries further left are whatever the client sent and
are ignored; with no trusted proxy (the default) the header is ignored altogether, so nobody
gets a fresh rate-limit bucket by inventing a header.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from rest_framework.request import Request


def client_ip(request: HttpRequest | Request) -> str:
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-min(proxies, len(hops))] if hops else remote
