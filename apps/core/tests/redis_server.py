"""A private `redis-server` for fault-injection tests: its own free port, never the shared 6379,
no persistence; stop() and start() it mid-test to simulate an outage and a recovery."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class OwnRedis:
    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert REDIS_SERVER is not None
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.ping():
                return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)  # a paused server cannot handle SIGTERM
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def pause(self) -> None:
        """SIGSTOP: connections are accepted by the kernel and never answered (timeouts); the
        data stays, unlike stop()."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def dbsize(self) -> int:
        import redis

        return int(redis.Redis(port=self.port, socket_timeout=2).dbsize())  # type: ignore[arg-type]


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    if REDIS_SERVER is None:
        pytest.skip(
            "redis-server is not installed (apt-get install redis-server): fault suite skipped"
        )
    server = OwnRedis(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def fail_open_cache(url: str, *, breaker_seconds: float = 0.3) -> dict[str, object]:
    """The production cache configuration (config/settings/base.py) pointed at `url`."""
    return {
        "default": {
            "BACKEND": "apps.core.redis_cache.FailOpenRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "cinerec-fault-test",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.5,
                "BREAKER_SECONDS": breaker_seconds,
                "LOCAL_FALLBACK_PREFIXES": ["rl:"],
            },
        }
    }
