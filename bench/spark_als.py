"""Spark ALS (local[N]) against the local implicit ALS on SYNTHETIC shards (issue 25, "Spark").

For each backend, in a fresh process: fit on the shards (one held-out signal removed for a
sample of users), record wall time and peak RSS (the Python process's ru_maxrss and, for Spark,
the driver JVM's VmHWM: in local mode the JVM runs every executor thread), and save the factors.
Then compare them on the held-out signals: each model's hit rate @10 and the overlap of the two
models' top-10 lists. SYNTHETIC data: the numbers say how fast, how big and how alike the two
backends are, never how good a recommender is. Minutes at 5M signals, so only by hand or with
BENCH_SCALE=1:

    .venv/bin/python manage.py generate_synthetic --users 100000 --titles 10000 \
        --interactions-per-user 84 --out var/synthetic-5m
    .venv/bin/python bench/spark_als.py var/synthetic-5m --iterations 15
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HELD_OUT_USERS = 5000
K = 10


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()


def split(
    matrix: sparse.csr_matrix, seed: int = 0
) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """Remove one random signal from each of up to HELD_OUT_USERS users with at least 5:
    (train matrix, the users, their held-out column). Deterministic for the seed."""
    rng = np.random.default_rng(seed)
    counts = np.diff(matrix.indptr)
    eligible = np.flatnonzero(counts >= 5)
    users = np.sort(rng.choice(eligible, min(HELD_OUT_USERS, eligible.size), replace=False))
    positions = matrix.indptr[users] + rng.integers(0, counts[users])
    held = matrix.indices[positions].copy()
    keep = np.ones(matrix.nnz, dtype=bool)
    keep[positions] = False
    rows = np.repeat(np.arange(matrix.shape[0]), counts)[keep]
    train = sparse.csr_matrix(
        (matrix.data[keep], (rows, matrix.indices[keep])), shape=matrix.shape, dtype=np.float32
    )
    return train, users, held


def fit(backend: str, shards: Path, out: Path, args: argparse.Namespace) -> dict[str, Any]:
    """One backend in this process; writes its factors to `out` and returns the measurements."""
    _setup()
    from recommender.algorithms.als import AlsConfig, ImplicitAlsRecommender
    from recommender.algorithms.base import InteractionData
    from recommender.training.shards import shard_interactions
    from recommender.training.spark_als import SparkSettings
    from recommender.training.spark_run import als_on_spark

    full = shard_interactions(shards)
    train, _, _ = split(full.matrix)
    data = InteractionData(user_ids=full.user_ids, item_ids=full.item_ids, matrix=train)
    del full
    config = AlsConfig(
        factors=args.factors,
        regularization=args.regularization,
        alpha=args.alpha,
        iterations=args.iterations,
    )
    started = time.perf_counter()
    jvm_peak = jvm_cpu = None
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = cpu.ru_utime + cpu.ru_stime
    if backend == "local":
        model = ImplicitAlsRecommender(config)
        model.fit(data, seed=0)
    else:
        settings = SparkSettings(master=args.master, driver_memory=args.driver_memory)
        model, factors = als_on_spark(data, config, spark_settings=settings)
        jvm_peak, jvm_cpu = factors.jvm_peak_rss_bytes, factors.jvm_cpu_seconds
    seconds = time.perf_counter() - started
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    np.savez(out, users=model.user_factors_, items=model.item_factors_)
    return {
        "backend": backend,
        "signals": int(train.nnz),
        "seconds": round(seconds, 1),
        "python_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "jvm_peak_rss_mb": None if jvm_peak is None else round(jvm_peak / 2**20),
        "python_cpu_seconds": round(cpu.ru_utime + cpu.ru_stime - cpu_before, 1),
        "jvm_cpu_seconds": None if jvm_cpu is None else round(jvm_cpu, 1),
        "config": asdict(model.config),
    }


def top_k(
    users: np.ndarray, items: np.ndarray, rows: np.ndarray, seen: sparse.csr_matrix
) -> np.ndarray:
    scores = users[rows] @ items.T
    scores[seen[rows].nonzero()] = -np.inf
    return np.argsort(-scores, axis=1)[:, :K]


def compare(shards: Path, local: Path, spark: Path) -> dict[str, float]:
    _setup()
    from recommender.training.shards import shard_interactions

    train, users, held = split(shard_interactions(shards).matrix)
    lists = []
    for path in (local, spark):
        with np.load(path) as factors:
            lists.append(top_k(factors["users"], factors["items"], users, train))
    hits = [float(np.mean((top == held[:, None]).any(axis=1))) for top in lists]
    overlap = np.mean([len(set(a) & set(b)) / K for a, b in zip(*lists, strict=True)])
    return {
        "held_out_users": int(users.size),
        "local_hit_rate_at_10": round(hits[0], 4),
        "spark_hit_rate_at_10": round(hits[1], 4),
        "top10_overlap": round(float(overlap), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shards", type=Path)
    parser.add_argument("--fit", choices=("local", "spark"), help="(internal) one backend")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench-spark-als")
    parser.add_argument("--factors", type=int, default=64)
    parser.add_argument("--regularization", type=float, default=0.05)
    parser.add_argument("--alpha", type=float, default=2.0)
    parser.add_argument("--iterations", type=int, default=15)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default="4g")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.fit:
        result = fit(args.fit, args.shards, args.out / f"{args.fit}.npz", args)
        print(json.dumps(result))  # noqa: T201
        return
    results = []
    for backend in ("local", "spark"):
        command = [sys.executable, __file__, str(args.shards), "--fit", backend]
        command += ["--out", str(args.out), "--factors", str(args.factors)]
        command += ["--regularization", str(args.regularization), "--alpha", str(args.alpha)]
        command += ["--iterations", str(args.iterations), "--master", args.master]
        command += ["--driver-memory", args.driver_memory]
        done = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)  # noqa: T201
    agreement = compare(args.shards, args.out / "local.npz", args.out / "spark.npz")
    print(json.dumps({"label": "SYNTHETIC", **agreement}))  # noqa: T201


if __name__ == "__main__":
    main()
