"""Batch precompute fanned out on Celery (issue 25): users/s with 1 and with 2 worker processes.

SYNTHETIC users only: the database named by DATABASE_URL (default: a scratch PostgreSQL database
`cinerec_precompute`) is filled by `manage.py generate_synthetic --preset 100k --database` and an
ALS model is trained on it (`train_recommenders --algorithms als`) unless it already holds them.
For each worker count a real worker (`celery -A config worker -Q ml -c N`, Redis broker) is
started, warmed up (each process loads the model and builds its ANN index once), then the chunk
tasks of BENCH_USERS active users (default: all) are enqueued as one group and waited for.
Synthetic signals end on 2025-12-31, so "active" here is a window of 100 years, not 30 days.

    DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/6 python bench/precompute.py docs/benchmarks.md
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- precompute:start -->", "<!-- precompute:end -->"
DAYS = 36_500  # the synthetic signals are dated 2020-2025
SCRATCH = "postgres://postgres@127.0.0.1:5432/cinerec_precompute"


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)  # noqa: S603


def prepare() -> None:
    """Migrate, generate SYNTHETIC users and train ALS unless the database has them."""
    from apps.accounts.models import User
    from recommender.models import ModelArtifact

    _manage("migrate", "-v0")
    if not User.objects.filter(username__startswith="synthetic-").exists():
        _manage("generate_synthetic", "--preset", "100k", "--database", "--trust-references")
    if not ModelArtifact.objects.filter(algorithm="als", is_active=True).exists():
        _manage("train_recommenders", "--algorithms", "als")


def _start_worker(concurrency: int) -> subprocess.Popen[bytes]:
    celery = str(Path(sys.executable).with_name("celery"))
    command = [celery, "-A", "config", "worker", "-Q", "ml", "-c", str(concurrency)]
    command += ["--without-gossip", "--without-mingle", "-l", "warning"]
    return subprocess.Popen(command, cwd=ROOT)  # noqa: S603


def _wait_ready(app: Any, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.control.ping(timeout=1.0):
            return
    raise RuntimeError("the worker did not answer a ping")


def run(concurrency: int, pages: list[list[int]], warm: list[int]) -> dict[str, Any]:
    import proc_cpu  # bench/proc_cpu.py
    from celery import group
    from django.core.cache import cache

    from config.celery import app
    from recommender.tasks import precompute_chunk

    cache.clear()  # this Redis database is the bench's own: every record is written afresh
    worker = _start_worker(concurrency)
    try:
        _wait_ready(app)
        step = max(1, len(warm) // (2 * concurrency))
        warmup = group(precompute_chunk.s(warm[i : i + step]) for i in range(0, len(warm), step))
        warmup.apply_async().get(timeout=900)
        processes = proc_cpu.tree(worker.pid)
        backends = _backend_pids()
        load_before = os.getloadavg()[0]
        before = (proc_cpu.total(processes), proc_cpu.total(backends), _redis_cpu())
        started = time.perf_counter()
        timeout = max(3600, len(pages) * 10)
        results = group(precompute_chunk.s(page) for page in pages).apply_async().get(timeout)
        seconds = time.perf_counter() - started
        after = (proc_cpu.total(processes), proc_cpu.total(backends), _redis_cpu())
        load_after = os.getloadavg()[0]
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=120)
    users = sum(r["users"] for r in results)
    work, db = after[0] - before[0], after[1] - before[1]
    redis = after[2] - before[2]
    return {
        "workers": concurrency,
        "users": users,
        "chunks": len(pages),
        "online": sum(r["online"] for r in results),
        "cpu_ms_per_user": round(1000 * sum(r["cpu_seconds"] for r in results) / users, 2),
        "seconds": round(seconds, 1),
        # mean number of chunk tasks running at once (their summed wall time over the run's)
        "concurrency": round(sum(r["seconds"] for r in results) / seconds, 2),
        "users_per_s": round(users / seconds, 1),
        "load": [round(load_before, 1), round(load_after, 1)],
        # /proc: every process of the worker (parent included), the PostgreSQL backends of this
        # database, the whole Redis server (other clients' work included: an upper bound)
        "cpu": {
            "worker_ms_per_user": round(1000 * work.cpu_s / users, 3),
            "postgres_ms_per_user": round(1000 * db.cpu_s / users, 3),
            "redis_ms_per_user": round(1000 * redis / users, 3),
            "total_ms_per_user": round(1000 * (work.cpu_s + db.cpu_s + redis) / users, 3),
            "worker_runqueue_s": round(work.runqueue_s, 1),
            "postgres_backends": len(backends),
        },
    }


def _backend_pids() -> list[int]:
    """The PostgreSQL backends connected to this database other than this process's own."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def _redis_cpu() -> float:
    """CPU seconds the Redis server spent so far (all its clients)."""
    import redis

    info = cast(dict[str, Any], redis.Redis.from_url(os.environ["REDIS_URL"]).info("cpu"))
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def ranking_cost(titles: int, users: int = 2000, seen: int = 50, k: int = 50) -> dict[str, Any]:
    """CPU ms a user of the ALS batch ranking alone (fold-in, ANN search, anchors) at a catalogue
    size the database run does not have: SYNTHETIC random factors, one thread, in this process."""
    import numpy as np
    from scipy import sparse
    from threadpoolctl import threadpool_limits

    from recommender.algorithms.als import AlsConfig, ImplicitAlsRecommender
    from recommender.precompute.ranking import rank_als
    from recommender.retrieval.index import AnnIndex

    rng = np.random.default_rng(0)
    factors = rng.normal(0, 0.1, (titles, 64)).astype(np.float32)
    model = ImplicitAlsRecommender.from_factors(
        user_ids=np.arange(1),
        item_ids=np.arange(titles),
        user_factors=np.zeros((1, 64), np.float32),
        item_factors=factors,
        seen=sparse.csr_matrix((1, titles)),
        config=AlsConfig(factors=64),
    )
    cols = rng.integers(0, titles, (users, seen))
    history = sparse.csr_matrix(
        (np.ones(cols.size, np.float32), (np.repeat(np.arange(users), seen), cols.ravel())),
        shape=(users, titles),
    )
    with threadpool_limits(1):
        index = AnnIndex.build(factors)
        started = time.process_time()
        for start in range(0, users, 1000):
            rank_als(model, index, history[start : start + 1000], k)
        cpu = time.process_time() - started
    return {"titles": titles, "users": users, "cpu_ms_per_user": round(1000 * cpu / users, 3)}


def section(result: dict[str, Any]) -> str:
    rows = result["runs"]
    lines = [
        START,
        f"## Batch precompute fanned out on Celery (SYNTHETIC, {result['when']})",
        "",
        "bench/precompute.py on this machine (2 cores shared with other work; load average at the "
        "start and end of each timed run in the last column). **SYNTHETIC** users "
        f"({result['data']}) and an ALS model trained on them: speed only, never quality. Chunk "
        f"tasks of {result['chunk']} users (one signals query, one batched fold-in, one batched "
        "ANN search, one Redis write each) on a real worker (`celery -A config worker -c N`, Redis "
        "broker), after a warm-up in which every worker process loaded the model and built its "
        f"index. The coordinator's keyset paging of the {result['paged_users']:,} active users "
        f"took {result['paging_s']} s.",
        "",
        "| worker processes | users | chunks | seconds | users/s | tasks at once | worker CPU ms a user | load avg |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['workers']} | {r['users']:,} | {r['chunks']} | {r['seconds']} | "
            f"{r['users_per_s']:,} | {r['concurrency']} | {r['cpu_ms_per_user']} | "
            f"{r['load'][0]} / {r['load'][1]} |"
        )
    best = max(r["users_per_s"] for r in rows)
    lines += [
        "",
        "The ALS batch ranking alone (fold-in, ANN search, anchors; SYNTHETIC random factors, one "
        "thread, in one process, 50 titles a user): "
        + "; ".join(
            f"{r['cpu_ms_per_user']} CPU ms a user at {r['titles']:,} titles"
            for r in result["ranking"]
        )
        + ".",
    ]
    lines += [
        "",
        f"Scaling 1 -> 2 processes: **{result['scaling']}x** (target >= 1.6x). 1M users at the "
        f"2-process rate: **{1_000_000 / best / 60:.1f} min** projected from this run "
        "(target <= 20 min; not a 1M-user measurement).",
        END,
    ]
    return "\n".join(lines)


def main() -> None:
    os.environ.setdefault("DATABASE_URL", SCRATCH)
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/6")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    # The batch ranks with ALS only above TWO_STAGE_MIN_TITLES (serving's own rule); the bench
    # measures that path on its 10k-100k SYNTHETIC titles, so the workers it starts take it too.
    os.environ["TWO_STAGE_MIN_TITLES"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    from apps.accounts.models import User
    from recommender.precompute.users import active_user_pages

    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise SystemExit("bench/precompute.py measures PostgreSQL + Redis only")
    prepare()
    chunk = settings.RECOMMENDER_PRECOMPUTE_CHUNK
    started = time.perf_counter()
    pages = list(active_user_pages(chunk, days=DAYS))
    paging = time.perf_counter() - started
    limit = int(os.environ.get("BENCH_USERS", "0")) or sum(len(p) for p in pages)
    chosen = [p for i, p in enumerate(pages) if i * chunk < limit]
    warm = pages[-1][: 100 * int(os.environ.get("BENCH_WORKERS_MAX", "2"))]
    result: dict[str, Any] = {
        "label": "SYNTHETIC",
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "data": f"{User.objects.count():,} users, preset 100k",
        "chunk": chunk,
        "paged_users": sum(len(p) for p in pages),
        "paging_s": round(paging, 2),
        "runs": [run(c, chosen, warm) for c in (1, 2)],
        "ranking": [ranking_cost(n) for n in (10_000, 100_000)],
    }
    one, two = result["runs"][0]["users_per_s"], result["runs"][1]["users_per_s"]
    result["scaling"] = round(two / one, 2)
    out = ROOT / "var" / "bench" / "precompute.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    if len(sys.argv) > 1:
        sys.path.insert(0, str(ROOT / "bench"))
        from sections import replace_section  # bench/sections.py

        replace_section(Path(sys.argv[1]), START, END, section(result))
    print(json.dumps(result, indent=2))  # noqa: T201


if __name__ == "__main__":
    main()
