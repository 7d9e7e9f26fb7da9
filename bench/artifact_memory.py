"""Memory of gunicorn workers serving a >= 1 GB artifact: mapped (each host's local .npy copy,
np.load(mmap_mode="r")) against copied (the transfer .npz read and decompressed in every
worker, as before issue 25). SYNTHETIC model arrays, random factors (not a trained model):
an ALS model with its ANN index (default; the index stored in the artifact and read in place
when mapped, built in each worker when copied, as before it was stored) or an SVD-shaped one.

    .venv/bin/python bench/artifact_memory.py [--model als] [--users 2000000] [--items 1000000]
        [--factors 64] [--write]

Measures each worker's PSS and RSS from /proc/<pid>/smaps_rollup once it has loaded the model
(and its index), run a few searches and touched one byte in every page of it, with 1 and with
2 workers. Also times the loads.
--write puts the table into docs/benchmarks.md ("artifact-memory" markers).

This file is also the gunicorn configuration the runs use (its post_worker_init hook loads).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- artifact-memory:start -->", "<!-- artifact-memory:end -->"
_HELD: list[Any] = []  # the worker's model, held as serving holds it (else freed after the hook)


# -- inside each gunicorn worker -----------------------------------------------------------------


def post_worker_init(worker: Any) -> None:
    """Load the active SYNTHETIC model the way BENCH_ARTIFACT_MODE says, touch it, report ready."""
    import recommender.serving.registry  # noqa: F401 (both paths import the same code)

    model = _load_copied() if os.environ["BENCH_ARTIFACT_MODE"] == "copied" else _load_mapped()
    _touch(model)
    if model.name == "als":
        _search(model)
    _HELD.append(model)
    Path(os.environ["BENCH_READY_DIR"], str(os.getpid())).write_text("ready")


def _load_mapped() -> Any:
    from recommender.serving.registry import registry

    return registry.get(os.environ["BENCH_ARTIFACT_MODEL"])


def _load_copied() -> Any:
    """The path before issue 25: the whole .npz read into memory and decompressed."""
    import io

    from recommender.algorithms.als import ImplicitAlsRecommender
    from recommender.models import ModelArtifact
    from recommender.storage import load_model

    artifact = ModelArtifact.objects.get(
        algorithm=os.environ["BENCH_ARTIFACT_MODEL"], is_active=True
    )
    with artifact.file.storage.open(artifact.file.name, "rb") as handle:
        model = load_model(io.BytesIO(handle.read()))[0]
    if isinstance(model, ImplicitAlsRecommender):
        model.index_arrays_ = {}  # as before the index was stored: each worker builds its own
    return model


def _touch(model: Any) -> None:
    """Fault in every page of every array the model holds (a worker that has served a while)."""
    import numpy as np

    arrays = [v for v in vars(model).values() if isinstance(v, np.ndarray)]
    arrays += [model.seen_.indptr, model.seen_.indices, model.seen_.data]
    arrays += [model.user_index_.ids, model.user_index_._sorted, model.user_index_._rows]
    arrays += list(getattr(model, "index_arrays_", {}).values())
    for array in arrays:
        flat = np.ascontiguousarray(array).reshape(-1).view(np.uint8)
        int(flat[::4096].sum())


def _search(model: Any) -> None:
    """The serving index (stored and mapped, or built here when the artifact has none), then
    100 searches and one exact scan: the lists, centroids and vectors a worker reads."""
    import numpy as np

    from recommender.retrieval.serving_pool import als_index

    index = als_index(model)
    queries = np.random.default_rng(1).standard_normal((100, index.dims), dtype=np.float32)
    index.search(queries, 500)
    index.search(queries[:1], 10, allowed=np.arange(0, index.n_items, 997))


# -- the bench --------------------------------------------------------------------------------


def _env(work: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "ARTIFACT_CACHE_DIR": str(work / "models"),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "CINEREC_VAR_DIR": str(work / "var"),
    }


def _seen(users: int, items: int) -> Any:
    """One SYNTHETIC title per user: the seen matrix's shape without its bulk."""
    import numpy as np
    from scipy import sparse

    rng = np.random.default_rng(0)
    return sparse.csr_matrix(
        (
            np.ones(users, np.float32),
            rng.integers(0, items, users).astype(np.int32),
            np.arange(users + 1, dtype=np.int32),
        ),
        shape=(users, items),
    )


def _svd(users: int, items: int, factors: int) -> Any:
    import numpy as np

    from recommender.algorithms.svd import SvdConfig, SvdRecommender
    from recommender.user_index import UserIndex

    rng = np.random.default_rng(0)
    model = SvdRecommender(SvdConfig(n_factors=factors))
    model.user_index_ = UserIndex(np.arange(1, users + 1, dtype=np.int64))
    model.item_ids_ = np.arange(1, items + 1, dtype=np.int64)
    model.seen_ = _seen(users, items)
    model.user_factors_ = rng.standard_normal((users, factors), dtype=np.float32)
    model.item_factors_ = rng.standard_normal((items, factors), dtype=np.float32)
    model.user_bias_ = rng.standard_normal(users, dtype=np.float32)
    model.item_bias_ = rng.standard_normal(items, dtype=np.float32)
    model.global_mean_ = np.float32(3.5)
    return model


def _als(users: int, items: int, factors: int) -> Any:
    """Random factors handed over as Spark's are (from_factors); artifact_create adds the index."""
    import numpy as np

    from recommender.algorithms.als import AlsConfig, ImplicitAlsRecommender

    rng = np.random.default_rng(0)
    return ImplicitAlsRecommender.from_factors(
        user_ids=np.arange(1, users + 1, dtype=np.int64),
        item_ids=np.arange(1, items + 1, dtype=np.int64),
        user_factors=rng.standard_normal((users, factors), dtype=np.float32),
        item_factors=rng.standard_normal((items, factors), dtype=np.float32),
        seen=_seen(users, items),
        config=AlsConfig(factors=factors),
    )


def _create(kind: str, users: int, items: int, factors: int) -> dict[str, float]:
    """Write one SYNTHETIC artifact (activated) and time the loads; runs in this process."""
    import numpy as np

    from recommender.algorithms.base import InteractionData
    from recommender.artifact_cache import local_path, materialise
    from recommender.artifacts import artifact_create, artifact_load
    from recommender.storage import load_model

    model = _als(users, items, factors) if kind == "als" else _svd(users, items, factors)
    data = InteractionData(
        user_ids=np.arange(1, users + 1), item_ids=model.item_ids_, matrix=model.seen_
    )
    started = time.perf_counter()
    artifact = artifact_create(model=model, data=data, activate=True)
    saved = time.perf_counter() - started
    del model, data

    import io

    started = time.perf_counter()
    with artifact.file.storage.open(artifact.file.name, "rb") as handle:
        load_model(io.BytesIO(handle.read()))
    copied = time.perf_counter() - started
    started = time.perf_counter()
    materialise(artifact)
    unpacked = time.perf_counter() - started
    started = time.perf_counter()
    artifact_load(artifact)
    mapped = time.perf_counter() - started
    local = sum(p.stat().st_size for p in local_path(artifact).iterdir())
    return {
        "transfer_bytes": artifact.size_bytes,
        "local_bytes": local,
        "save_s": saved,
        "index_s": float(artifact.metrics.get("index_seconds", 0.0)),
        "copied_s": copied,
        "unpack_s": unpacked,
        "mapped_s": mapped,
    }


def _memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in bytes from /proc/<pid>/smaps_rollup."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Pss", "Rss"):
            values[key] = int(rest.split()[0]) * 1024
    return values["Pss"], values["Rss"]


def _run_workers(env: dict[str, str], work: Path, mode: str, workers: int) -> list[tuple[int, int]]:
    ready = work / f"ready-{mode}-{workers}"
    ready.mkdir()
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [
            *(str(ROOT / ".venv/bin/gunicorn"), "-c", __file__, "config.wsgi:application"),
            *("--bind", f"unix:{work}/gunicorn-{mode}-{workers}.sock"),
            *("--workers", str(workers), "--timeout", "900", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env={**env, "BENCH_ARTIFACT_MODE": mode, "BENCH_READY_DIR": str(ready)},
    )
    try:
        deadline = time.monotonic() + 900
        while len(list(ready.iterdir())) < workers and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(1.0)
        return [_memory(int(p.name)) for p in ready.iterdir()]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)


def _section(
    kind: str,
    shape: str,
    sizes: dict[str, float],
    rows: dict[tuple[str, int], list[tuple[int, int]]],
) -> str:
    mb = 1024 * 1024  # MiB
    lines = [
        START,
        f"## Artifact memory: gunicorn workers sharing one mapped copy (SYNTHETIC, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
        "",
        f"bench/artifact_memory.py --model {kind}: a SYNTHETIC {kind.upper()} artifact, {shape}"
        " (random factors, not a trained model"
        + (
            "; with its IVF-Flat ANN index, stored in the artifact"
            f" since issue 25, built in {sizes['index_s']:.1f} s at save"
            if kind == "als"
            else ""
        )
        + f"): {sizes['transfer_bytes'] / mb:,.0f} MiB in shared storage (the .npz transfer form),"
        f" {sizes['local_bytes'] / mb:,.0f} MiB as the host's local .npy copy. Each worker loads it"
        + (
            ", gets its ANN index (mapped: read in place from the local copy; copied: built in"
            " the worker, as every process did before the index was stored), runs 100 searches"
            if kind == "als"
            else ""
        )
        + " and touches every page; PSS and RSS from /proc/<pid>/smaps_rollup (Django and the"
        " libraries included, about the same in every row). Load average at the start:"
        f" {sizes['load']:.1f}.",
        "",
        "| load path | workers | PSS per worker (MiB) | combined PSS (MiB) | RSS per worker (MiB) |",
        "|---|---|---|---|---|",
    ]
    for (mode, workers), measured in rows.items():
        pss = ", ".join(f"{p / mb:,.0f}" for p, _ in measured)
        rss = ", ".join(f"{r / mb:,.0f}" for _, r in measured)
        total = sum(p for p, _ in measured) / mb
        lines.append(f"| {mode} | {workers} | {pss} | {total:,.0f} | {rss} |")
    ratio = {
        mode: sum(p for p, _ in rows[(mode, 2)]) / sum(p for p, _ in rows[(mode, 1)])
        for mode in ("mapped", "copied")
    }
    lines += [
        "",
        f"Two workers' combined PSS over one worker's: mapped **{ratio['mapped']:.2f}x**"
        f" (target <= 1.3x), copied {ratio['copied']:.2f}x.",
        "",
        f"Load times, one process: save (the .npz written, checksummed and stored in the database; the index build included)"
        f" {sizes['save_s']:.1f} s; before (read the .npz from storage and decompress in memory)"
        f" {sizes['copied_s']:.1f} s; first load on a host (download, check, unpack to .npy)"
        f" {sizes['unpack_s']:.1f} s; every later load (memory-map the local copy)"
        f" {sizes['mapped_s'] * 1000:.1f} ms.",
        END,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", choices=("als", "svd"), default="als")
    parser.add_argument("--users", type=int, default=2_000_000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--factors", type=int, default=64)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="artifact-memory-") as tmp:
        work = Path(tmp)
        env = _env(work, f"sqlite:///{work / 'bench.sqlite3'}")
        subprocess.run(  # noqa: S603 (fixed arguments)
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        load = os.getloadavg()[0]
        sizes = _create(args.model, args.users, args.items, args.factors) | {"load": load}
        env["BENCH_ARTIFACT_MODEL"] = args.model
        rows = {
            (mode, workers): _run_workers(env, work, mode, workers)
            for mode in ("mapped", "copied")
            for workers in (1, 2)
        }
    shape = f"{args.users:,} users x {args.items:,} titles x {args.factors} factors"
    section = _section(args.model, shape, sizes, rows)
    sys.stdout.write(section + "\n")
    if args.write:
        from sections import replace_section  # bench/sections.py

        replace_section(ROOT / "docs" / "benchmarks.md", START, END, section)


if __name__ == "__main__":
    main()
