"""BaseClient: every outbound call goes through here.

- a (connect, read) timeout on every request;
- bounded retries with exponential backoff and jitter, only for idempotent GETs and only for
  transient failures (timeouts, connection errors, 5xx, 429); a 429's Retry-After is honoured
  (capped); other 4xx are never retried;
- provider rate limits as windows (e.g. Jikan 3/s and 60/min) and daily budgets (OMDb cap,
  YouTube quota units), counted in the shared cache so every process respects them;
- responses cached in the Django cache with a TTL chosen per endpoint kind.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache

from apps.core.numbers import parse_int
from apps.integrations.exceptions import (
    IntegrationAuthError,
    IntegrationError,
    IntegrationNotConfigured,
    IntegrationNotFound,
    QuotaExceeded,
    TransientIntegrationError,
)

logger = logging.getLogger(__name__)

RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 60.0


@dataclass(frozen=True)
class RateWindow:
    calls: int
    seconds: int


@dataclass(frozen=True)
class DailyBudget:
    units: int


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as delta-seconds or an HTTP date; None when absent or unparseable."""
    if not value:
        return None
    value = value.strip()
    seconds = parse_int(value, minimum=0)  # "²".isdigit() is true and float("²") fails
    if seconds is not None:
        return float(seconds)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    current = now if now is not None else time.time()
    return max(0.0, moment.timestamp() - current)


class BaseClient:
    provider = "provider"
    rate_windows: tuple[RateWindow, ...] = ()
    daily_budget: DailyBudget | None = None
    max_attempts = 3
    backoff_base = 0.5

    def __init__(
        self,
        *,
        base_url: str,
        session: requests.Session | None = None,
        timeout: tuple[float, float] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        use_cache: bool = True,
    ) -> None:
        if not base_url:
            raise IntegrationNotConfigured(self.provider, "no base URL configured")
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", "CineRec/0.1 (+https://github.com/cinerec)")
        self.timeout = timeout or (settings.HTTP_CONNECT_TIMEOUT, settings.HTTP_READ_TIMEOUT)
        self.sleep = sleep
        self.use_cache = use_cache

    # -- hooks for providers ------------------------------------------------------------------
    def auth_params(self) -> dict[str, str]:
        return {}

    def auth_headers(self) -> dict[str, str]:
        return {}

    def check_payload(self, payload: Any, status: int) -> None:
        """Providers that answer errors with HTTP 200 (OMDb) raise here."""

    # -- the call -----------------------------------------------------------------------------
    def get_json(
        self, path: str, params: Mapping[str, Any] | None = None, *, ttl: int = 0, cost: int = 1
    ) -> Any:
        params = {k: v for k, v in (params or {}).items() if v is not None}
        key = self._cache_key(path, params)
        if ttl and self.use_cache:
            hit = cache.get(key)
            if hit is not None:
                return hit
        self._spend_budget(cost)
        payload = self._get_with_retries(path, params)
        if ttl and self.use_cache:
            cache.set(key, payload, timeout=ttl)
        return payload

    def _get_with_retries(self, path: str, params: dict[str, Any]) -> Any:
        url = f"{self.base_url}/{path.lstrip('/')}"
        for attempt in range(1, self.max_attempts + 1):
            self._respect_rate_windows()
            try:
                response = self.session.get(
                    url,
                    params={**params, **self.auth_params()},
                    headers=self.auth_headers(),
                    timeout=self.timeout,
                )
            except (requests.Timeout, requests.ConnectionError) as exc:
                if attempt == self.max_attempts:
                    raise TransientIntegrationError(
                        self.provider, f"{type(exc).__name__} after {attempt} attempts"
                    ) from exc
                self._backoff(attempt, None, reason=type(exc).__name__)
                continue
            if response.status_code in RETRY_STATUSES:
                if attempt == self.max_attempts:
                    raise TransientIntegrationError(
                        self.provider,
                        f"HTTP {response.status_code} after {attempt} attempts",
                        status=response.status_code,
                    )
                self._backoff(
                    attempt,
                    retry_after_seconds(response.headers.get("Retry-After")),
                    reason=str(response.status_code),
                )
                continue
            return self._decode(response)
        raise TransientIntegrationError(self.provider, "retries exhausted")  # pragma: no cover

    def _decode(self, response: requests.Response) -> Any:
        status = response.status_code
        try:
            payload = response.json()
        except ValueError:
            if status >= 400:
                self._raise_for_status(status, response.text[:200])
            raise IntegrationError(
                self.provider, "malformed JSON in the response", status=status
            ) from None
        if status >= 400:
            self._raise_for_status(status, _message(payload))
        self.check_payload(payload, status)
        return payload

    def _raise_for_status(self, status: int, message: str) -> None:
        if status in (401, 403):
            raise IntegrationAuthError(self.provider, message or "unauthorised", status=status)
        if status == 404:
            raise IntegrationNotFound(self.provider, message or "not found", status=status)
        raise IntegrationError(self.provider, f"HTTP {status}: {message}", status=status)

    def _backoff(self, attempt: int, retry_after: float | None, *, reason: str) -> None:
        if retry_after is not None:
            delay = min(retry_after, MAX_RETRY_AFTER)
        else:
            delay = self.backoff_base * 2 ** (attempt - 1) * (1 + random.random() / 2)  # noqa: S311 (jitter)
        logger.warning(
            "%s: %s, retrying in %.1fs (attempt %d)", self.provider, reason, delay, attempt
        )
        self.sleep(delay)

    # -- limits -------------------------------------------------------------------------------
    def _respect_rate_windows(self) -> None:
        for window in self.rate_windows:
            while True:
                now = time.time()
                slot = int(now // window.seconds)
                key = f"ratelimit:{self.provider}:{window.seconds}:{slot}"
                cache.add(key, 0, timeout=window.seconds * 2)
                try:
                    used = cache.incr(key)
                except ValueError:
                    used = 1
                if used <= window.calls:
                    break
                self.sleep((slot + 1) * window.seconds - now + 0.01)

    def _spend_budget(self, cost: int) -> None:
        if self.daily_budget is None:
            return
        day = datetime.now(tz=UTC).strftime("%Y%m%d")
        key = f"budget:{self.provider}:{day}"
        cache.add(key, 0, timeout=2 * 86400)
        try:
            used = cache.incr(key, cost)
        except ValueError:
            used = cost
        if used > self.daily_budget.units:
            raise QuotaExceeded(
                self.provider, f"daily budget of {self.daily_budget.units} units spent"
            )

    def _cache_key(self, path: str, params: Mapping[str, Any]) -> str:
        digest = hashlib.sha256(
            json.dumps([path, sorted(params.items())], default=str).encode()
        ).hexdigest()
        return f"http:{self.provider}:{digest[:32]}"


def _message(payload: Any) -> str:
    if isinstance(payload, dict):
        for key in ("status_message", "message", "Error", "error"):
            value = payload.get(key)
            if isinstance(value, str):
                return value
            if isinstance(value, dict) and isinstance(value.get("message"), str):
                return value["message"]
    return ""
