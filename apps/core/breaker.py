"""A per-process circuit breaker: after a backing service fails, callers skip it for a while.

Without it every request during an outage would pay the connect timeout again. Open for
`open_seconds` after a failure; then the next call is let through as a probe (half-open): a
success closes the breaker, a failure opens it for another period.
"""

from __future__ import annotations

import logging
import threading
import time

logger = logging.getLogger(__name__)


class CircuitBreaker:
    def __init__(self, name: str, *, open_seconds: float) -> None:
        self.name = name
        self.open_seconds = open_seconds
        self._open_until = 0.0
        self._failing = False
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    @property
    def failing(self) -> bool:
        """True from a failure until the next success (open or half-open)."""
        return self._failing

    def allow(self) -> bool:
        """False while open: the caller takes its fallback without touching the service."""
        return not self.is_open

    def record_failure(self, exc: BaseException) -> None:
        with self._lock:
            first = not self._failing
            self._failing = True
            self._open_until = time.monotonic() + self.open_seconds
        log = logger.warning if first else logger.info
        log(
            "%s unavailable; skipping it for %.1f s (%s: %s)",
            self.name,
            self.open_seconds,
            type(exc).__name__,
            exc,
            extra={"breaker": self.name},
        )

    def record_success(self) -> None:
        if not self._failing:
            return
        with self._lock:
            recovered, self._failing, self._open_until = self._failing, False, 0.0
        if recovered:
            logger.warning("%s available again", self.name, extra={"breaker": self.name})

    def reset(self) -> None:
        with self._lock:
            self._failing, self._open_until = False, 0.0
