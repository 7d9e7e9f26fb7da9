"""Scale (SYNTHETIC) rows of docs/benchmarks.md for training (issue 25): implicit ALS and item
kNN's blocked top-k neighbours.

SYNTHETIC signals come from `manage.py generate_synthetic --out` (.npz shards under
var/synthetic/, made once and reused); each measurement runs in a fresh process that reads the
shards into the users x titles matrix and fits the registered algorithm through its own `fit`
(ImplicitAlsRecommender, ItemKnnRecommender), so the time and memory are what a training run
pays. Peak RSS is the process's high-water mark (VmHWM) after the matrix is built, reset
before the fit (/proc/self/clear_refs), so it covers the fit with the matrix resident; the
machine's load average is recorded beside each row because the 2 cores are shared. Every row
says SYNTHETIC: speed and memory only, never recommendation quality.

    .venv/bin/python bench/scale_training.py docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MARKERS = START, END = "<!-- scale-training:start -->", "<!-- scale-training:end -->"
SHARDS = ROOT / "var" / "synthetic"
# (what, users, titles, mean signals per user): the sizes.
RUNS = (
    ("als", 100_000, 10_000, 69.0),
    ("als", 1_000_000, 100_000, 69.0),
    ("item_knn", 100_000, 100_000, 69.0),
    ("item_knn", 1_000_000, 100_000, 69.0),
)
ALS = {"factors": 64, "iterations": 15}


def shard_dir(users: int, titles: int, per_user: float, seed: int = 0) -> Path:
    """The SYNTHETIC shards for this size, generated the first time."""
    out = SHARDS / f"u{users}-t{titles}-m{per_user:g}-s{seed}"
    if not (out / "manifest.json").exists():
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
        done = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
            [sys.executable, str(ROOT / "manage.py"), "generate_synthetic", "--out", str(out),
             "--users", str(users), "--titles", str(titles),
             "--interactions-per-user", str(per_user), "--seed", str(seed)],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode:
            raise SystemExit(f"generate_synthetic failed:\n{done.stdout}\n{done.stderr}")
    return out


def read_matrix(out: Path) -> Any:
    """The binary users x titles CSR matrix of the shards (a title signalled twice counts once)."""
    import numpy as np
    from scipy import sparse

    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["label"] == "SYNTHETIC"
    config = manifest["config"]
    users, items = [], []
    for name in manifest["shards"]:
        with np.load(out / name, allow_pickle=False) as shard:
            users.append(shard["user"])
            items.append(shard["item"])
    row, col = np.concatenate(users), np.concatenate(items)
    del users, items
    ones = np.ones(len(row), dtype=np.float32)
    matrix = sparse.csr_matrix((ones, (row, col)), shape=(config["n_users"], config["n_items"]))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix, len(row)


def _hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(what: str, out: Path) -> dict[str, Any]:
    """In this process: build the matrix, reset the RSS high-water mark, fit, report."""
    import numpy as np

    from recommender.algorithms.als import AlsConfig, ImplicitAlsRecommender
    from recommender.algorithms.base import InteractionData
    from recommender.algorithms.knn import ItemKnnRecommender, KnnConfig

    started = time.perf_counter()
    matrix, signals = read_matrix(out)
    read_s = time.perf_counter() - started
    data = InteractionData(
        user_ids=np.arange(matrix.shape[0]), item_ids=np.arange(matrix.shape[1]), matrix=matrix
    )
    model: Any = (
        ImplicitAlsRecommender(AlsConfig(factors=ALS["factors"], iterations=ALS["iterations"]))
        if what == "als"
        else ItemKnnRecommender(KnnConfig(**ItemKnnRecommender.serving_config))
    )
    before = _hwm_mb()
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := current RSS
    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), _cpu_s()
    model.fit(data, seed=0)
    fit_s, fit_cpu = time.perf_counter() - started, _cpu_s() - cpu
    extra = (
        {"neighbours": int(model.similarity_.nnz), "k": model.config.k}
        if what == "item_knn"
        else dict(ALS)
    )
    return {
        "what": what, "users": matrix.shape[0], "titles": matrix.shape[1], "signals": signals,
        "nnz": int(matrix.nnz), "read_s": round(read_s, 1), "fit_s": round(fit_s, 1),
        "fit_cpu_s": round(fit_cpu, 1),
        "rss_before_fit_mb": round(before), "peak_rss_fit_mb": round(_hwm_mb()),
        "load_start": round(load, 1), "load_end": round(os.getloadavg()[0], 1),
        "cores": os.cpu_count(), **extra,
    }  # fmt: skip


def run(runs: tuple[tuple[str, int, int, float], ...]) -> list[dict[str, Any]]:
    rows = []
    for what, users, titles, per_user in runs:
        out = shard_dir(users, titles, per_user)
        child = subprocess.run(  # noqa: S603 (this script, a fresh process for its own RSS)
            [sys.executable, __file__, "--measure", what, str(out)],
            cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        if child.returncode:
            raise SystemExit(f"measuring {what} failed:\n{child.stderr}")
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)  # noqa: T201 (progress)
    return rows


def _row(r: dict[str, Any]) -> str:
    what = (
        f"ALS, {r['factors']} factors, {r['iterations']} iterations"
        if r["what"] == "als"
        else f"item kNN neighbours, k {r['k']} ({r['neighbours']:,} kept)"
    )
    return (
        f"| SYNTHETIC | {what} | {r['users']:,} x {r['titles']:,} | {r['nnz']:,} | "
        f"{r['fit_s']} s ({r['fit_cpu_s']} s) | {r['peak_rss_fit_mb']:,} MB ({r['rss_before_fit_mb']:,} MB) | "
        f"{r['load_start']} / {r['load_end']} |"
    )


def section(rows: list[dict[str, Any]], when: str) -> str:
    return "\n".join(
        [
            START,
            "### Training at scale (SYNTHETIC)",
            "",
            f"Measured {when} by `bench/scale_training.py` on this machine ({rows[0]['cores']} "
            "cores shared with other work; the load average at the start and end of each fit "
            "is in the last column; CPU seconds, summed over threads, are what the fit would "
            "cost on idle cores). **Every row is SYNTHETIC** (`generate_synthetic` shards): "
            "speed and memory only, never recommendation quality. Each fit runs through the "
            "algorithm's own `fit` in a fresh process; peak RSS is the high-water mark during "
            "the fit with the binary matrix already resident (RSS before the fit in brackets). "
            "Targets (issue 25): ALS at 1M users x 100k titles x 50M interactions, 64 factors, "
            "15 iterations in <= 10 min at <= 4 GB RSS.",
            "",
            "| data | what | users x titles | matrix nnz | fit wall (CPU) | peak RSS (before) | load avg |",
            "|---|---|---|---|---|---|---|",
            *(_row(r) for r in rows),
            END,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", nargs="?", type=Path, help="docs/benchmarks.md")
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / "scale_training.json")
    parser.add_argument("--only", help="comma-separated run numbers (0-based) of RUNS")
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], Path(args.measure[1]))))  # noqa: T201
        return
    from sections import replace_section  # bench/sections.py

    chosen = RUNS if not args.only else tuple(RUNS[int(i)] for i in args.only.split(","))
    rows = run(chosen)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(rows, indent=2) + "\n")
    if args.target:
        replace_section(
            args.target, START, END, section(rows, datetime.now(UTC).strftime("%Y-%m-%d"))
        )


if __name__ == "__main__":
    main()
