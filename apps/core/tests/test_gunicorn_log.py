"""gunicorn's access log (config/gunicorn.py) writes no account link's token."""

import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from apps.core.logging import REDACTED, SecretsFilter
from apps.core.tests.redis_server import free_port

ROOT = Path(__file__).resolve().parents[3]
RESET = "/account/reset/MQ/cz1x2y-0f3e1d2c4b5a69788796a5b4c3d2e1f0"
EMAIL = "/account/email/eyJ1c2VyIjoxfQ:1tQx2Z:s1gn4tureOfTheEmailChangeToken"


def _get(port: int, path: str) -> None:
    with contextlib.suppress(urllib.error.HTTPError):  # a 404 or 400 is logged all the same
        urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10)


def test_the_access_log_redacts_account_link_tokens(tmp_path):
    port = free_port()
    out = tmp_path / "gunicorn.log"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    with out.open("w") as sink:
        server = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "config/gunicorn.py",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    _get(port, "/healthz")
                    break
                except OSError:
                    time.sleep(0.3)
            _get(port, RESET)
            _get(port, EMAIL)
            time.sleep(0.5)
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = out.read_text()

    assert f"GET /account/reset/MQ/{REDACTED}" in text, text
    assert f"GET /account/email/{REDACTED}" in text, text
    assert RESET.rsplit("/", 1)[1] not in text
    assert "s1gn4ture" not in text


def test_the_filter_redacts_account_link_tokens_anywhere():
    import logging

    record = logging.makeLogRecord({"msg": "opened %s then %s", "args": (RESET, EMAIL)})
    SecretsFilter().filter(record)

    assert record.getMessage() == (
        f"opened /account/reset/MQ/{REDACTED} then /account/email/{REDACTED}"
    )
