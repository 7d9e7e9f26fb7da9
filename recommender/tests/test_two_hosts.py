"""Two hosts that share only the database (and Redis when REDIS_URL is set): one trains and
promotes, the other, already running, serves the new version without a restart.

Each host is its own Python process with its own MEDIA_ROOT and ARTIFACT_CACHE_DIR. On
PostgreSQL (make test-services) they use the test database; on SQLite, a file database this
test migrates (the suite's own SQLite database lives in memory and cannot be shared).

Run as a module, this file is a host: `serve` answers "<algorithm> <user id>" lines on stdin
with what its registry serves; `train <item offset>` fits EASE and activates it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _database_url(tmp_path: Path) -> str:
    """The database both hosts share: the test database on PostgreSQL, else a migrated file."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=ROOT,
        env=_host_env(url, tmp_path / "setup"),
        check=True,
        timeout=300,
    )
    return url


def _host_env(database_url: str, home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(home / "media"),
        "ARTIFACT_CACHE_DIR": str(home / "models"),
        "CINEREC_VAR_DIR": str(home / "var"),
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


def _train(env: dict[str, str], offset: int) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "-m", "recommender.tests.test_two_hosts", "train", str(offset)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


class _Host:
    """The serving host: a long-lived process asked what it serves, one line at a time."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
            [sys.executable, "-m", "recommender.tests.test_two_hosts", "serve"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, question: str) -> dict[str, Any]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(question + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def until(self, artifact: int, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        answer = self.ask("ease 5")
        while answer["artifact"] != artifact and time.monotonic() < deadline:
            time.sleep(0.25)
            answer = self.ask("ease 5")
        return answer

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def test_a_second_host_serves_each_version_the_first_one_trains(tmp_path):
    url = _database_url(tmp_path)
    trainer_env = _host_env(url, tmp_path / "trainer")
    server = _Host(_host_env(url, tmp_path / "server"))
    try:
        assert server.ask("ease 5") == {"artifact": None, "items": [], "mapped": False}
        pid = server.process.pid

        first = _train(trainer_env, 0)
        served = server.until(first["artifact"])
        assert served == {"artifact": first["artifact"], "items": first["items"], "mapped": True}

        second = _train(trainer_env, 1000)  # other item ids: another model, visibly
        served = server.until(second["artifact"])
        assert served == {"artifact": second["artifact"], "items": second["items"], "mapped": True}
        assert server.process.pid == pid
        assert server.process.poll() is None  # the same process, never restarted
    finally:
        server.stop()

    copies = sorted(p.name for p in (tmp_path / "server" / "models").iterdir() if p.is_dir())
    assert copies == [f"{second['artifact']}-{second['checksum'][:16]}"]  # v1's copy pruned
    assert not (tmp_path / "server" / "media").exists()  # nothing came through MEDIA_ROOT
    assert not (tmp_path / "trainer" / "media").exists()


# -- the hosts ------------------------------------------------------------------------------------


def _serve() -> None:
    from recommender.serving.registry import registry

    for line in sys.stdin:
        name, user = line.split()
        artifact = registry.active_versions().get(name)
        model = registry.get(name)
        items = [r.item_id for r in model.recommend(user_id=int(user), n=3)] if model else []
        mapped = model is not None and _backed_by_a_map(model.seen_.indices)
        sys.stdout.write(
            json.dumps({"artifact": artifact, "items": items, "mapped": mapped}) + "\n"
        )
        sys.stdout.flush()


def _backed_by_a_map(array: Any) -> bool:
    """True when the array is a view of a memory-mapped file (a copy would not be)."""
    import numpy as np

    while array is not None:
        if isinstance(array, np.memmap):
            return True
        array = getattr(array, "base", None)
    return False


def _train_and_activate(offset: int) -> None:
    from recommender.algorithms.ease import EaseConfig, EaseRecommender
    from recommender.artifacts import artifact_create
    from recommender.tests.data import checkerboard

    base = checkerboard()
    data = replace(base, item_ids=base.item_ids + offset)
    model = EaseRecommender(EaseConfig(l2=10.0)).fit(data)
    artifact = artifact_create(model=model, data=data, activate=True)
    items = [r.item_id for r in model.recommend(user_id=5, n=3)]
    sys.stdout.write(
        json.dumps({"artifact": artifact.pk, "checksum": artifact.checksum, "items": items}) + "\n"
    )


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "serve":
        _serve()
    else:
        _train_and_activate(int(sys.argv[2]))
