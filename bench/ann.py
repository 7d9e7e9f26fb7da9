"""ANN libraries side by side for two-stage retrieval (issue 25): faiss-cpu and usearch on
inner-product search over 1M title vectors of 64 dimensions, one thread.

Query vectors are REAL: the ALS user factors of MovieLens 100K (every rating an interaction, the
registered ALS's settings, recommender/retrieval/factors.py). The title vectors are the 1,682
real ALS item factors plus SYNTHETIC ones up to --titles, drawn from a smoothed bootstrap of the
real item factors (a real vector plus Gaussian noise with the real factors' covariance scaled by
Silverman's bandwidth: the same norms and directions, more of them). Every row says SYNTHETIC:
it measures speed, memory and recall against the exact inner product on those vectors, never
recommendation quality.

Each library runs in its own process with one thread (OMP/BLAS pinned, the library's own thread
argument 1): build time, index memory (RSS growth while building, and the saved file), then for
each search setting recall@10 against the exact top 10 and one-user query latency p50/p99.

    .venv/bin/python bench/ann.py docs/benchmarks.md --titles 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
START, END = "<!-- ann:start -->", "<!-- ann:end -->"
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
K = 10
# (library, structure, build settings, the search setting swept)
CANDIDATES: list[dict[str, Any]] = [
    {"library": "usearch", "kind": "hnsw", "connectivity": 16, "expansion_add": 128,
     "sweep": [128, 256, 512, 1024]},
    {"library": "faiss", "kind": "hnsw", "m": 32, "ef_construction": 80,
     "sweep": [128, 256, 512, 1024]},
    {"library": "faiss", "kind": "ivf", "sweep": [32, 64, 128, 256]},
]  # fmt: skip


def _rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def prepare(workdir: Path, titles: int, ratings: Path, seed: int) -> dict[str, Any]:
    """Real query vectors, real + SYNTHETIC title vectors and the exact top 10, saved as .npy."""
    import numpy as np

    from recommender.algorithms.als import ImplicitAlsRecommender
    from recommender.evaluation.data import read_ratings
    from recommender.retrieval.exact import exact_top_k

    data = read_ratings(ratings)
    als = ImplicitAlsRecommender()  # the served settings
    als.fit(data.interaction_data(), seed=seed)
    users, items = als.user_factors_, als.item_vectors()
    rng = np.random.default_rng(seed)
    n, d = items.shape
    bandwidth = (4 / (d + 2)) ** (1 / (d + 4)) * n ** (-1 / (d + 4))  # Silverman's rule
    chol = np.linalg.cholesky(np.cov(items, rowvar=False) + 1e-9 * np.eye(d))
    extra = titles - n
    synthetic = np.empty((extra, d), dtype=np.float32)
    for start in range(0, extra, 100_000):
        size = min(100_000, extra - start)
        base = items[rng.integers(0, n, size)]
        synthetic[start : start + size] = base + bandwidth * rng.standard_normal((size, d)) @ chol.T
    vectors = np.ascontiguousarray(np.vstack([items, synthetic]), dtype=np.float32)
    truth, _ = exact_top_k(users, vectors, K)
    np.save(workdir / "items.npy", vectors)
    np.save(workdir / "queries.npy", users)
    np.save(workdir / "truth.npy", truth)
    exact_ms = _exact_latency(users, vectors)
    return {
        "real_items": n,
        "titles": titles,
        "dims": d,
        "queries": len(users),
        "bandwidth": round(bandwidth, 3),
        "exact": exact_ms,
    }


def _exact_latency(users: Any, vectors: Any) -> dict[str, float]:
    import numpy as np
    from threadpoolctl import threadpool_limits

    from recommender.retrieval.exact import exact_top_k

    samples = []
    with threadpool_limits(1):
        for user in users[:200]:
            started = time.perf_counter()
            exact_top_k(user[None, :], vectors, K)
            samples.append(time.perf_counter() - started)
    ms = np.array(samples) * 1000
    return {"p50_ms": round(float(np.percentile(ms, 50)), 2), "p99_ms": round(float(np.percentile(ms, 99)), 2)}  # fmt: skip


def _build(spec: dict[str, Any], vectors: Any) -> tuple[Any, Any]:
    """(index, search(q, k, setting) -> keys (1 x k)) for one library, one thread."""
    import numpy as np

    n, d = vectors.shape
    if spec["library"] == "usearch":
        from usearch.index import Index

        index: Any = Index(  # Any: usearch may be absent (it is measured, not required)
            ndim=d,
            metric="ip",
            dtype="f32",
            connectivity=spec["connectivity"],
            expansion_add=spec["expansion_add"],
        )
        index.add(np.arange(n, dtype=np.uint64), vectors, threads=1)

        def search_u(q: Any, k: int, setting: int) -> Any:
            index.expansion_search = setting
            return np.asarray(index.search(q, k, threads=1).keys).reshape(1, -1)

        return index, search_u
    import faiss

    faiss.omp_set_num_threads(1)
    if spec["kind"] == "hnsw":
        f_index: Any = faiss.IndexHNSWFlat(d, spec["m"], faiss.METRIC_INNER_PRODUCT)
        f_index.hnsw.efConstruction = spec["ef_construction"]
        f_index.add(vectors)

        def search_h(q: Any, k: int, setting: int) -> Any:
            f_index.hnsw.efSearch = setting
            return f_index.search(q[None, :], k)[1]

        return f_index, search_h
    nlist = round(float(np.sqrt(n)))
    quantizer = faiss.IndexFlatIP(d)
    f_index = faiss.IndexIVFFlat(quantizer, d, nlist, faiss.METRIC_INNER_PRODUCT)
    sample = vectors[np.random.default_rng(0).choice(n, min(n, 64 * nlist), replace=False)]
    f_index.train(sample)
    f_index.add(vectors)

    def search_i(q: Any, k: int, setting: int) -> Any:
        f_index.nprobe = setting
        return f_index.search(q[None, :], k)[1]

    return f_index, search_i


def _save_size(spec: dict[str, Any], index: Any, path: Path) -> int:
    if spec["library"] == "usearch":
        index.save(str(path))
    else:
        import faiss

        faiss.write_index(index, str(path))
    return path.stat().st_size


def child(workdir: Path, spec: dict[str, Any]) -> dict[str, Any]:
    """In a fresh process: build, save, then sweep the search setting."""
    import numpy as np

    vectors = np.load(workdir / "items.npy")
    queries = np.load(workdir / "queries.npy")
    truth = np.load(workdir / "truth.npy")
    before = _rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    index, search = _build(spec, vectors)
    build_s, build_cpu = time.perf_counter() - started, time.process_time() - cpu
    grown = _rss_mb() - before
    size = _save_size(spec, index, workdir / f"index-{spec['library']}-{spec['kind']}.bin")
    rows = []
    for setting in spec["sweep"]:
        for q in queries[:50]:  # warm up caches for this setting
            search(q, K, setting)
        found, samples, cpu_samples = [], [], []
        for q in queries:
            t0, c0 = time.perf_counter(), time.process_time()
            keys = search(q, K, setting)
            samples.append(time.perf_counter() - t0)
            cpu_samples.append(time.process_time() - c0)
            found.append(keys[0])
        hits = [len(set(map(int, f)) & set(map(int, t))) for f, t in zip(found, truth, strict=True)]
        ms, cpu_ms = np.array(samples) * 1000, np.array(cpu_samples) * 1000
        rows.append(
            {
                "setting": setting,
                "recall": round(float(np.sum(hits)) / (K * len(truth)), 4),
                "p50_ms": round(float(np.percentile(ms, 50)), 3),
                "p99_ms": round(float(np.percentile(ms, 99)), 3),
                "cpu_p50_ms": round(float(np.percentile(cpu_ms, 50)), 3),
                "cpu_p99_ms": round(float(np.percentile(cpu_ms, 99)), 3),
            }
        )
    return {**spec, "build_s": round(build_s, 1), "build_cpu_s": round(build_cpu, 1), "rss_mb": round(grown), "file_mb": round(size / 2**20), "rows": rows}  # fmt: skip


def section(result: dict[str, Any]) -> str:
    data = result["data"]
    setting_name = {"usearch": "expansion_search", "hnsw": "efSearch", "ivf": "nprobe"}
    lines = [
        START,
        "## ANN index for two-stage retrieval (SYNTHETIC titles, REAL user vectors)",
        "",
        f"Measured {result['when']} by `bench/ann.py` on this machine (2 cores shared with other "
        "work; every library pinned to one thread). Queries: the ALS vectors of MovieLens 100K's "
        f"{data['queries']} REAL users (64 factors). Titles: {data['real_items']:,} real ALS item "
        f"vectors plus **SYNTHETIC** ones up to {data['titles']:,} (smoothed bootstrap of the "
        f"real ones, bandwidth {data['bandwidth']}). Recall@10 is against the exact inner "
        "product top 10 on the same vectors; it says nothing about recommendation quality. "
        "Target (issue 25): recall@10 >= 0.95. CPU columns are the process's CPU time (what one "
        "free core would take); wall includes waiting for the shared cores. Load average (1, 5, 15 min) before the builds "
        f"{result.get('load_before')}, after {result.get('load_after')}: p99 includes the "
        "other work's preemptions.",
        "",
        "| data | library | index | build s wall (CPU) | index RSS MB | file MB | search "
        "setting | recall@10 | p50 / p99 ms wall | p50 / p99 ms CPU |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| SYNTHETIC {data['titles']:,} x {data['dims']} | numpy (exact scan) | none | 0 | 0 | "
        f"- | - | 1.0000 | {data['exact']['p50_ms']} / {data['exact']['p99_ms']} | - |",
    ]
    for run in result["runs"]:
        if "error" in run:
            lines.append(
                f"| SYNTHETIC | {run['library']} | {run['kind']} | failed: {run['error']} |"
            )
            continue
        name = setting_name["usearch" if run["library"] == "usearch" else run["kind"]]
        built = _built(run)
        for row in run["rows"]:
            lines.append(
                f"| SYNTHETIC {data['titles']:,} x {data['dims']} | {run['library']} | {built} | "
                f"{run['build_s']} ({run.get('build_cpu_s', '-')}) | {run['rss_mb']:,} | "
                f"{run['file_mb']:,} | {name} {row['setting']} | {row['recall']:.4f} | "
                f"{row['p50_ms']} / {row['p99_ms']} | "
                f"{row.get('cpu_p50_ms', '-')} / {row.get('cpu_p99_ms', '-')} |"
            )
    lines += ["", result.get("choice", ""), END]
    return "\n".join(lines)


def _built(run: dict[str, Any]) -> str:
    if run["library"] == "usearch":
        return f"HNSW M={run['connectivity']} ef_add={run['expansion_add']}"
    if run["kind"] == "hnsw":
        return f"HNSW M={run['m']} efConstruction={run['ef_construction']}"
    return "IVF-Flat nlist=sqrt(N)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", nargs="?", type=Path, help="docs/benchmarks.md")
    parser.add_argument("--titles", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--ratings", type=Path, default=ROOT.parent / "shared/datasets/ml-100k/ml-100k.inter"
    )
    parser.add_argument("--only", default="", help="comma-separated library:kind to run")
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / "ann.json")
    parser.add_argument(
        "--combine",
        type=Path,
        nargs="+",
        default=[],
        help="JSON files of runs on the same data (e.g. libraries run in parallel): one section",
    )
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.workdir, json.loads(args.child))))  # noqa: T201
        return
    from sections import replace_section  # bench/sections.py

    if args.combine:
        combined = combine([json.loads(path.read_text()) for path in args.combine])
        args.json.write_text(json.dumps(combined, indent=2) + "\n")
        if args.target:
            replace_section(args.target, START, END, section(combined))
        return
    os.environ.update(ONE_THREAD)
    with tempfile.TemporaryDirectory(dir=ROOT / "var") as tmp:
        workdir = Path(tmp)
        result: dict[str, Any] = {"label": "SYNTHETIC", "when": datetime.now(UTC).strftime("%Y-%m-%d")}  # fmt: skip
        result["data"] = prepare(workdir, args.titles, args.ratings, args.seed)
        chosen = [s for s in CANDIDATES if not args.only or f"{s['library']}:{s['kind']}" in args.only]  # fmt: skip
        result["load_before"] = [round(x, 1) for x in os.getloadavg()]
        result["runs"] = [_run_child(workdir, spec) for spec in chosen]
        result["load_after"] = [round(x, 1) for x in os.getloadavg()]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    if args.json.exists():  # keep the chosen-library note written by hand after a full run
        result.setdefault("choice", json.loads(args.json.read_text()).get("choice", ""))
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    if args.target:
        replace_section(args.target, START, END, section(result))
    print(json.dumps(result, indent=2))  # noqa: T201


def combine(results: list[dict[str, Any]]) -> dict[str, Any]:
    """One result from several runs on the same data: each library and structure's successful
    run (a failed one only when no run of it succeeded)."""

    def same(data: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in data.items() if key != "exact"}  # timed per run

    if any(same(r["data"]) != same(results[0]["data"]) for r in results):
        raise SystemExit("the runs were not made on the same data")
    runs: dict[str, dict[str, Any]] = {}
    for run in (run for r in results for run in r["runs"]):
        key = f"{run['library']}:{run['kind']}"
        if key not in runs or "error" in runs[key]:
            runs[key] = run
    loads = [r.get("load_before") for r in results] + [r.get("load_after") for r in results]
    return results[0] | {"runs": list(runs.values()), "load_before": loads[0], "load_after": loads[-1]}  # fmt: skip


def _run_child(workdir: Path, spec: dict[str, Any]) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 (this script, one library per fresh process)
        [sys.executable, __file__, "--child", json.dumps(spec), "--workdir", str(workdir)],
        cwd=ROOT,
        env={**os.environ, **ONE_THREAD},
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        return {**spec, "error": last[:120]}
    parsed: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return parsed


if __name__ == "__main__":
    main()
