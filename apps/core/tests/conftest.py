"""Fixtures of the core tests: a private redis-server for the fault-injection suite."""

from apps.core.tests.redis_server import own_redis

__all__ = ["own_redis"]
