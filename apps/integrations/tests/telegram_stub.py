"""A local stand-in for the Telegram Bot API: http.server on 127.0.0.1 in a thread.

Tests script the answers per Bot API method (status, body) and read back what was received, so
python-telegram-bot's real HTTP stack is exercised end to end without the internet.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

PAYLOADS = Path(__file__).parent / "payloads" / "telegram"


def recorded(name: str) -> tuple[int, str]:
    """(status, body) of a payload file; the status is the body's own error_code or 200."""
    body = (PAYLOADS / name).read_text()
    return int(json.loads(body).get("error_code", 200)), body


@dataclass
class Received:
    method: str
    token: str
    params: dict[str, Any]


@dataclass
class BotApiStub:
    base_url: str = ""
    script: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)

    def answer(self, method: str, *responses: tuple[int, str]) -> None:
        self.script.setdefault(method, []).extend(responses)

    def calls(self, method: str) -> list[Received]:
        return [r for r in self.received if r.method == method]

    def next_response(self, method: str) -> tuple[int, str]:
        queue = self.script.get(method) or []
        if len(queue) > 1:
            return queue.pop(0)
        if queue:
            return queue[0]  # the last answer repeats
        return 404, json.dumps({"ok": False, "error_code": 404, "description": "Not Found"})


def _handler(stub: BotApiStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            if "json" in (self.headers.get("Content-Type") or ""):
                params = json.loads(raw or "{}")
            else:
                params = dict(parse_qsl(raw))
            _, bot_token, method = self.path.rsplit("/", 2)
            stub.received.append(Received(method, bot_token.removeprefix("bot"), params))
            status, body = stub.next_response(method)
            encoded = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(encoded)))
            self.end_headers()
            self.wfile.write(encoded)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


def serve() -> Iterator[BotApiStub]:
    stub = BotApiStub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    stub.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
