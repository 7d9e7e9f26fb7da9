"""Load time of every active model in the current database: before issue 25 (the .npz read
from storage and decompressed in memory, in every process) against after (a host's first load:
download, check, unpack to .npy; every later load: memory-map the local copy).

    .venv/bin/python bench/artifact_load.py [--repeat 3] [--write]

Uses the database the settings point at (the demo's, after `make setup`). --write puts the
table into docs/benchmarks.md ("artifact-load" markers).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- artifact-load:start -->", "<!-- artifact-load:end -->"


def _median_seconds(action: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _rows(repeat: int) -> list[str]:
    from django.test import override_settings

    from recommender.artifact_cache import materialise
    from recommender.models import ModelArtifact
    from recommender.storage import load_model

    rows = []
    for artifact in ModelArtifact.objects.filter(is_active=True).order_by("algorithm"):

        def before(artifact: ModelArtifact = artifact) -> Any:
            with artifact.file.storage.open(artifact.file.name, "rb") as handle:
                return load_model(io.BytesIO(handle.read()))

        def first(artifact: ModelArtifact = artifact) -> Any:
            with tempfile.TemporaryDirectory() as tmp, override_settings(ARTIFACT_CACHE_DIR=tmp):
                return load_model(materialise(artifact))

        local = materialise(artifact)

        def later(local: Path = local) -> Any:
            return load_model(local)

        rows.append(
            f"| {artifact.algorithm} v{artifact.version} | {artifact.size_bytes / 1e6:,.1f}"
            f" | {_median_seconds(before, repeat) * 1000:,.0f}"
            f" | {_median_seconds(first, repeat) * 1000:,.0f}"
            f" | {_median_seconds(later, repeat) * 1000:,.1f} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.db import connection

    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    section = "\n".join(
        [
            START,
            f"## Artifact load time, the demo's models ({stamp}, {connection.vendor})",
            "",
            "bench/artifact_load.py, median of"
            f" {args.repeat} loads each, one process: before = the .npz read from shared storage"
            " and decompressed in memory (what every process did before issue 25); first load"
            " on a host = download, SHA-256 check, unpack to .npy, memory-map; later loads ="
            " memory-map the host's local copy (what every other process and restart does).",
            "",
            "| model | .npz (MB) | before (ms) | first load on a host (ms) | later loads (ms) |",
            "|---|---|---|---|---|",
            *_rows(args.repeat),
            END,
        ]
    )
    sys.stdout.write(section + "\n")
    if args.write:
        from sections import replace_section  # bench/sections.py

        replace_section(ROOT / "docs" / "benchmarks.md", START, END, section)


if __name__ == "__main__":
    main()
