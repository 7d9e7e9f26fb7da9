"""Scale (SYNTHETIC) rows of docs/benchmarks.md (issue 25): the training-data loader at scale.

Generates SYNTHETIC users, titles and signals (manage.py generate_synthetic) into a scratch
PostgreSQL database (`BENCH_SCALE_URL`, default `cinerec_scale` on the local server; created when
missing, reused when it already holds SYNTHETIC data unless `--fresh` drops it first), then
loads them with `recommender.data.interaction_data()` in a fresh process and records the time
and the peak RSS. Every row says SYNTHETIC: these numbers are about speed and memory, never about
recommendation quality. Takes minutes at 50M signals, so `make bench` runs it only with
BENCH_SCALE=1. It then runs the training rows (bench/scale_training.py: ALS and item kNN's
neighbours on SYNTHETIC shards; `--training only` runs just those, `without` skips them).

    .venv/bin/python bench/scale.py docs/benchmarks.md --users 1000000 --titles 100000
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
START, END = "<!-- scale:start -->", "<!-- scale:end -->"
URL = os.environ.get("BENCH_SCALE_URL", "postgres://postgres@127.0.0.1:5432/cinerec_scale")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_load() -> dict[str, Any]:
    """In this process: the catalogue snapshot and interaction_data(), timed, with peak RSS."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()
    from django.db import connection

    from apps.accounts.models import Favorite, Rating, WatchlistItem
    from recommender.data import catalog_snapshot, interaction_data

    rows = sum(m.objects.count() for m in (Rating, WatchlistItem, Favorite))
    connection.close()
    before = _peak_mb()
    started = time.perf_counter()
    catalog = catalog_snapshot()
    catalogued = time.perf_counter()
    data = interaction_data(catalog)
    done = time.perf_counter()
    return {
        "rows": rows,
        "users": data.n_users,
        "titles": data.n_items,
        "nnz": int(data.matrix.nnz),
        "catalog_s": round(catalogued - started, 1),
        "signals_s": round(done - catalogued, 1),
        "total_s": round(done - started, 1),
        "rss_before_mb": round(before),
        "peak_rss_mb": round(_peak_mb()),
    }


def _database(fresh: bool) -> bool:
    """Make sure the scratch database exists; True when it must be filled."""
    from scratch_db import scratch_database  # bench/scratch_db.py

    return scratch_database(
        URL,
        fresh=fresh,
        probe="SELECT 1 FROM accounts_user WHERE username LIKE 'synthetic-%%' LIMIT 1",
    )


def _manage(*args: str) -> str:
    env = {**os.environ, "DATABASE_URL": URL, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    done = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *args],
        check=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def run(args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"label": "SYNTHETIC", "when": datetime.now(UTC).strftime("%Y-%m-%d")}
    if _database(args.fresh):
        _manage("migrate", "--noinput", "-v0")
        started = time.perf_counter()
        summary = _manage(
            "generate_synthetic",
            "--database",
            "--trust-references",
            "--users",
            str(args.users),
            "--titles",
            str(args.titles),
            "--interactions-per-user",
            str(args.per_user),
            "--seed",
            str(args.seed),
        )
        result["generate_s"] = round(time.perf_counter() - started)
        result["generated"] = summary
    elif args.json.exists():  # reused: the generation was timed by the run that made it
        earlier = json.loads(args.json.read_text())
        for key in ("generate_s", "generated"):
            if key in earlier:
                result[key] = earlier[key]
        result["generated_on"] = earlier.get("generated_on", earlier.get("when"))
    env = {**os.environ, "DATABASE_URL": URL, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    child = subprocess.run(  # noqa: S603 (this script, in a fresh process for its own peak RSS)
        [sys.executable, __file__, "--measure-load"],
        check=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    result["load"] = json.loads(child.stdout.strip().splitlines()[-1])
    return result


def section(result: dict[str, Any]) -> str:
    load = result["load"]
    generated = result.get("generated", "reused an existing SYNTHETIC database")
    made = f"{result['generate_s']} s" if "generate_s" in result else "not timed (reused)"
    if "generated_on" in result:
        made += f" (on {result['generated_on']}; this run reused that database)"
    return "\n".join(
        [
            START,
            "## Scale (SYNTHETIC)",
            "",
            f"Measured {result['when']} by `bench/scale.py` on this machine (2 cores shared with "
            "other work) against PostgreSQL. **Every row is SYNTHETIC** (`manage.py "
            "generate_synthetic`: Zipf titles, lognormal activity, taste clusters): speed and "
            "memory only, never recommendation quality. Targets (issue 25): 50M signals loaded "
            "in <= 3 min at <= 3 GB peak.",
            "",
            "| data | signals read | users x titles | matrix nnz | catalogue | signals | "
            "total | peak RSS (before load) |",
            "|---|---|---|---|---|---|---|---|",
            f"| SYNTHETIC | {load['rows']:,} | {load['users']:,} x {load['titles']:,} | "
            f"{load['nnz']:,} | {load['catalog_s']} s | {load['signals_s']} s | "
            f"{load['total_s']} s | {load['peak_rss_mb']:,} MB ({load['rss_before_mb']:,} MB) |",
            "",
            f"Generation into PostgreSQL with COPY: {made}. {generated}",
            END,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", nargs="?", type=Path, help="docs/benchmarks.md")
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--titles", type=int, default=100_000)
    parser.add_argument(
        "--per-user",
        type=float,
        default=69.0,
        help="mean signals per user (69: about 50M at 1M users)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fresh", action="store_true", help="drop the scratch database first")
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / "scale.json")
    parser.add_argument(
        "--training",
        choices=["with", "only", "without"],
        default="with",
        help="the training rows too (bench/scale_training.py: ALS, item kNN on SYNTHETIC shards)",
    )
    parser.add_argument("--measure-load", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_load:
        print(json.dumps(measure_load()))  # noqa: T201 (read by the parent process)
        return
    from sections import replace_section  # bench/sections.py

    if args.training != "only":
        result = run(args)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")
        if args.target:
            replace_section(args.target, START, END, section(result))
        print(json.dumps(result, indent=2))  # noqa: T201
    if args.training != "without":
        import scale_training  # bench/scale_training.py

        rows = scale_training.run(scale_training.RUNS)
        if args.target:
            when = datetime.now(UTC).strftime("%Y-%m-%d")
            replace_section(
                args.target, *scale_training.MARKERS, scale_training.section(rows, when)
            )


if __name__ == "__main__":
    main()
