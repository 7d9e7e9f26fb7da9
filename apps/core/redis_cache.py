"""The Redis cache as an accelerator that may be missing: every operation fails open.

`FailOpenRedisCache` is django-redis's cache with three changes:
- a connection error or timeout never reaches the caller: reads return their default (the
  caller computes what it would have read), writes report "not stored", `incr` reports the
  delta; one warning is logged when Redis goes away and one when it is back;
- a circuit breaker skips Redis for `BREAKER_SECONDS` after a failure, so requests during an
  outage do not each pay the connect timeout; the first call after that period probes Redis
  and caching resumes by itself when it answers;
- version bumps (`incr`) and deletes that Redis missed are replayed, per process, when it
  answers again, so lists cached before the outage are not served as current afterwards;
- keys starting with one of `LOCAL_FALLBACK_PREFIXES` (the login rate-limit counters, `rl:`)
  move to a per-process local-memory cache while Redis is unavailable, so brute-force limits
  stay bounded per process instead of failing open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from apps.core.breaker import CircuitBreaker

UNAVAILABLE_ERRORS: tuple[type[BaseException], ...] = (
    ConnectionInterrupted,
    RedisConnectionError,
    RedisTimeoutError,
    OSError,
)

_INVALIDATIONS = frozenset({"incr", "delete", "delete_many"})
_MAX_MISSED = 10_000
_REPLAYED_COUNTER_TTL = 24 * 60 * 60


def _guarded(name: str, fallback: Callable[[tuple[Any, ...], dict[str, Any]], Any]) -> Any:
    def method(self: FailOpenRedisCache, *args: Any, **kwargs: Any) -> Any:
        return self._call(name, args, kwargs, fallback)

    method.__name__ = name
    return method


def _delta(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    return kwargs.get("delta", args[1] if len(args) > 1 else 1)


class FailOpenRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        breaker_seconds = float(options.pop("BREAKER_SECONDS", 5.0))
        self._local_prefixes = tuple(options.pop("LOCAL_FALLBACK_PREFIXES", ()))
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = CircuitBreaker("cache (Redis)", open_seconds=breaker_seconds)
        self._local = LocMemCache(f"failopen-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 50_000}})
        self._missed: dict[str, int] = {}  # key -> version bumps to replay, or -1: delete

    def _call(
        self,
        name: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        fallback: Callable[[tuple[Any, ...], dict[str, Any]], Any],
    ) -> Any:
        key = args[0] if args else kwargs.get("key")
        local = (
            isinstance(key, str)
            and bool(self._local_prefixes)
            and key.startswith(self._local_prefixes)
        )
        if self.breaker.allow():
            was_failing = self.breaker.failing
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except UNAVAILABLE_ERRORS as exc:
                self.breaker.record_failure(exc)
            else:
                self.breaker.record_success()
                if was_failing:
                    self._replay_invalidations()
                return result
        if not local and name in _INVALIDATIONS:
            self._remember_invalidation(name, args, kwargs)
        if local:
            local_kwargs = {k: v for k, v in kwargs.items() if k not in ("client", "nx", "xx")}
            return getattr(self._local, name)(*args, **local_kwargs)
        return fallback(args, kwargs)

    def _remember_invalidation(
        self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        """A version bump or delete that Redis missed; replayed when Redis is back, so entries
        cached before the outage are not served as current afterwards."""
        keys = list(args[0]) if name == "delete_many" and args else [args[0] if args else None]
        for key in keys:
            if isinstance(key, str) and len(self._missed) < _MAX_MISSED:
                bumps = self._missed.get(key, 0) if name == "incr" else 0
                self._missed[key] = bumps + 1 if name == "incr" else -1

    def _replay_invalidations(self) -> None:
        missed, self._missed = self._missed, {}
        for key, bumps in missed.items():
            try:
                if bumps < 0:
                    super().delete(key)
                else:
                    try:
                        super().incr(key, bumps)
                    except ValueError:  # the counter never reached Redis: start it past 0,
                        # for longer than any cached list lives (the batch lists: 6 h)
                        super().add(key, bumps, timeout=_REPLAYED_COUNTER_TTL)
            except UNAVAILABLE_ERRORS as exc:
                self.breaker.record_failure(exc)
                return

    def get(self, key: Any, default: Any = None, version: Any = None, client: Any = None) -> Any:
        return self._call(
            "get",
            (key,),
            {"default": default, "version": version, "client": client},
            lambda _a, _k: default,
        )

    set = _guarded("set", lambda _a, _k: False)
    add = _guarded("add", lambda _a, _k: False)
    delete = _guarded("delete", lambda _a, _k: False)
    touch = _guarded("touch", lambda _a, _k: False)
    has_key = _guarded("has_key", lambda _a, _k: False)
    incr = _guarded("incr", _delta)
    decr = _guarded("decr", lambda a, k: -_delta(a, k))
    get_many = _guarded("get_many", lambda _a, _k: {})
    set_many = _guarded("set_many", lambda a, _k: list(a[0]) if a else [])
    delete_many = _guarded("delete_many", lambda _a, _k: None)
    delete_pattern = _guarded("delete_pattern", lambda _a, _k: 0)
    clear = _guarded("clear", lambda _a, _k: None)
    ttl = _guarded("ttl", lambda _a, _k: None)
    expire = _guarded("expire", lambda _a, _k: False)
    persist = _guarded("persist", lambda _a, _k: False)
    keys = _guarded("keys", lambda _a, _k: [])
