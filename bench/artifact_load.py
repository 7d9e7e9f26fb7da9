"""Load time of every active model in the current database: before issue 25 (the .npz read
from storage and decompressed in memory, in every process) against after (a host's first load:
download, check, unpack to .npy; every later load: memory-map the local copy).

    .venv/bin/python bench/artifact_load.py [--repeat 3] [--write]
    .venv/bin/python bench/artifact_load.py --index-items 1000000 [--factors 64] [--write]

Uses the database the settings point at (the demo's, after `make setup`). --write puts the
table into docs/benchmarks.md ("artifact-load" markers).

--index-items: the ALS model's ANN index in a process's first request, at a SYNTHETIC size
(random item vectors, no database): before (built from the item vectors, what every process did
before the index was stored in the artifact) against after (read in place from the artifact's
memory-mapped local copy); both followed by the first search. ("artifact-index" markers.)
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
INDEX_START, INDEX_END = "<!-- artifact-index:start -->", "<!-- artifact-index:end -->"


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


def _timed(action: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, wall seconds, CPU seconds of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _index_section(items: int, factors: int) -> str:
    """Build against mapped load of the stored index, each with its first search (SYNTHETIC)."""
    import numpy as np

    from recommender.retrieval.index import AnnIndex

    load = os.getloadavg()[0]
    vectors = np.random.default_rng(0).standard_normal((items, factors), dtype=np.float32)
    query = np.random.default_rng(1).standard_normal((1, factors), dtype=np.float32)
    built, build_s, build_cpu = _timed(lambda: AnnIndex.build(vectors))
    _, first_built_s, _ = _timed(lambda: built.search(query, 500))
    with tempfile.TemporaryDirectory(prefix="artifact-index-") as tmp:
        for name, array in built.to_arrays().items():  # as the artifact's local copy holds them
            np.save(Path(tmp) / f"ann_{name}.npy", array)
        size = (Path(tmp) / "ann_index.npy").stat().st_size

        def mapped() -> AnnIndex:
            arrays = {
                name: np.load(Path(tmp) / f"ann_{name}.npy", mmap_mode="r")
                for name in ("index", "meta")
            }
            return AnnIndex.from_arrays(arrays, vectors)

        loaded, load_s, load_cpu = _timed(mapped)
        _, first_loaded_s, _ = _timed(lambda: loaded.search(query, 500))
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return "\n".join(
        [
            INDEX_START,
            f"## ANN index in a process's first request: built vs stored (SYNTHETIC, {stamp})",
            "",
            f"bench/artifact_load.py --index-items {items}: SYNTHETIC random item vectors,"
            f" {items:,} titles x {factors} (not a trained model), faiss IVF-Flat, one thread;"
            f" the stored index is {size / 2**20:,.0f} MiB in the artifact's local copy"
            f" (page cache warm). Load average {load:.1f} at the start.",
            "",
            "| the first request's index | wall (s) | CPU (s) | then the first search (ms) |",
            "|---|---|---|---|",
            f"| built (before: every process, every new version) | {build_s:,.2f}"
            f" | {build_cpu:,.2f} | {first_built_s * 1000:,.1f} |",
            f"| stored in the artifact, read in place (after) | {load_s:,.3f}"
            f" | {load_cpu:,.3f} | {first_loaded_s * 1000:,.1f} |",
            "",
            f"The stored index answers the first request {build_s / max(load_s, 1e-9):,.0f}x"
            " sooner; the build moved to training (artifact_create's metrics.index_seconds).",
            INDEX_END,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--index-items", type=int, default=0)
    parser.add_argument("--factors", type=int, default=64)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.index_items:
        section = _index_section(args.index_items, args.factors)
        sys.stdout.write(section + "\n")
        if args.write:
            from sections import replace_section  # bench/sections.py

            replace_section(ROOT / "docs" / "benchmarks.md", INDEX_START, INDEX_END, section)
        return
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
