"""Two-stage serving's stages at 1M titles, one thread (issue 25), on SYNTHETIC data.

A full hybrid cannot be trained on a 1M-title catalogue here (EASE's weights are items x items,
dense), so the stages of a two-stage request are timed one by one over SYNTHETIC arrays sized
like the target, every row labelled SYNTHETIC (speed only, never quality):

- ALS fold-in: ImplicitAlsRecommender.from_factors on SYNTHETIC Gaussian factors (1M titles x 64),
  user_vector of a user holding 20 titles;
- ANN search: the faiss IVF-Flat index over those item vectors (built once per process; its build
  time is reported), a pool of TWO_STAGE_POOL titles, the user's titles excluded;
- pool re-rank: a sparse item-item member (SYNTHETIC, 10 neighbours per title: the session and
  item-kNN members' shape) scored on the pool plus the 2,048-title statistics sample only, and
  for comparison the same member folded in over the whole catalogue;
- filters: the request's language mask over 1M titles and the rest of the engine's per-request
  work over catalogue-length arrays.

    .venv/bin/python bench/two_stage_serving.py docs/benchmarks.md --titles 1000000
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one thread, before numpy loads

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
START, END = "<!-- two-stage-serving:start -->", "<!-- two-stage-serving:end -->"
POOL, SAMPLE, HELD, NEIGHBOURS, LANGUAGES = 640, 2048, 20, 10, 12


def _timed(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """(p50, p99) milliseconds of `repeats` calls after one warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return float(np.percentile(times, 50)), float(np.percentile(times, 99))


def measure(
    titles: int, repeats: int, seed: int = 0
) -> tuple[list[tuple[str, float, float]], float]:
    from recommender.algorithms.als import ImplicitAlsRecommender
    from recommender.retrieval.index import AnnIndex

    rng = np.random.default_rng(seed)
    items = rng.standard_normal((titles, 64), dtype=np.float32) * 0.1  # SYNTHETIC factors
    users = rng.standard_normal((1, 64), dtype=np.float32) * 0.1
    als = ImplicitAlsRecommender.from_factors(
        user_ids=np.array([1]),
        item_ids=np.arange(titles),
        user_factors=users,
        item_factors=items,
        seen=sparse.csr_matrix((1, titles), dtype=np.float32),
    )
    started = time.process_time()
    index = AnnIndex.build(als.item_vectors())
    build = time.process_time() - started
    held = np.sort(rng.choice(titles, HELD, replace=False))
    vector = als.user_vector(held)
    rows = np.repeat(np.arange(titles), NEIGHBOURS)
    cols = rng.integers(0, titles, titles * NEIGHBOURS)
    member = sparse.csr_matrix(
        (rng.random(titles * NEIGHBOURS, dtype=np.float32), (rows, cols)), shape=(titles, titles)
    )  # SYNTHETIC item-item weights
    del rows, cols
    pool = np.sort(index.search(vector[None, :], POOL, exclude=[held])[0][0])
    sample = np.sort(rng.choice(titles, SAMPLE, replace=False))
    languages = rng.integers(0, LANGUAGES, titles)
    popularity = rng.random(titles)

    def rerank_pool() -> None:
        wanted = np.concatenate([pool, sample])
        values = np.asarray(member[held][:, wanted].sum(axis=0)).ravel()
        ref = values[len(pool) :]
        z = (values[: len(pool)] - ref.mean()) / (ref.std() or 1.0)
        _ = z + popularity[pool]

    def rerank_whole() -> None:
        values = np.asarray(member[held].sum(axis=0)).ravel()
        _ = (values - values.mean()) / (values.std() or 1.0)

    def filters() -> None:
        mask = np.isin(languages, [1, 2])
        mask[held] = False
        scores = np.full(titles, -np.inf)
        scores[pool] = 1.0
        scores = np.where(mask & np.isfinite(scores), scores, -np.inf)
        _ = np.flatnonzero(np.isfinite(scores))

    stages = [
        ("ALS fold-in (20 titles)", lambda: als.user_vector(held)),
        (f"ANN search, pool {POOL}", lambda: index.search(vector[None, :], POOL, exclude=[held])),
        ("pool re-rank (sparse member, pool + sample)", rerank_pool),
        ("filters over the catalogue (language, seen)", filters),
        ("for comparison: the member over the whole catalogue", rerank_whole),
    ]
    return [(name, *_timed(fn, repeats)) for name, fn in stages], build


def render(titles: int, repeats: int, rows: list[tuple[str, float, float]], build: float) -> str:
    load = os.getloadavg()[0]
    total50 = sum(r[1] for r in rows[:4])
    total99 = sum(r[2] for r in rows[:4])
    lines = [
        START,
        f"## Two-stage serving at {titles:,} titles (SYNTHETIC)",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, one thread,"
        f" load average {load:.1f} on {os.cpu_count()} cores (shared machine),"
        f" {repeats} requests. **SYNTHETIC** data: {titles:,} titles, Gaussian ALS factors (64),"
        f" a sparse item-item member with {NEIGHBOURS} neighbours per title; speed only."
        " `bench/two_stage_serving.py`.",
        "",
        "| stage (SYNTHETIC) | p50 ms | p99 ms |",
        "|---|---|---|",
        *[f"| {name} | {p50:.2f} | {p99:.2f} |" for name, p50, p99 in rows],
        f"| sum of the four two-stage stages | {total50:.2f} | {total99:.2f} |",
        "",
        f"Index build (once per process per ALS version): {build:.1f} s CPU.",
        "The sum is of per-stage percentiles, not a measured end-to-end request: the database"
        " reads, priors, mood, MMR and reasons of a request are not in it.",
        END,
    ]
    return "\n".join(lines)


def write(doc: Path, section: str) -> None:
    text = doc.read_text() if doc.exists() else ""
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    doc.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("doc", type=Path, nargs="?")
    parser.add_argument("--titles", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    rows, build = measure(args.titles, args.repeats)
    section = render(args.titles, args.repeats, rows, build)
    sys.stdout.write(section + "\n")
    if args.doc:
        write(args.doc, section)


if __name__ == "__main__":
    main()
