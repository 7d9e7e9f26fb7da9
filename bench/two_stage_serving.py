"""Two-stage serving at 1M titles, one thread (issue 25): WHOLE computed requests through
`recommender.serving.engine.recommend`, on SYNTHETIC data, every row labelled SYNTHETIC (speed
only, never quality).

What is real and what is SYNTHETIC:
- the request path is the product's: engine.recommend -> chain.score_user (the user's signals
  read from PostgreSQL, the ALS fold-in, the ANN pool inside the request's filters, the hybrid on
  the pool, standardising and the taste prior) -> filters, mood, time context, MMR and reasons;
  no cache in front of it (the engine computes; the per-user list cache sits above it);
- the catalogue's ItemMeta (1M titles: languages, kinds, genres, popularity, runtimes) is built
  in memory from SYNTHETIC arrays and installed as the meta of the models' vocabulary: reading
  1M rows through `items._load_meta` would take minutes and memory the bench does not measure,
  and the 1M-title catalogue database belongs to another bench (bench/catalogue_scale.py);
- the models are SYNTHETIC and held by the model registry as if loaded: ALS from Gaussian
  factors (1M x 64), a hybrid of sparse item-item members (session and item-kNN, 10
  neighbours per title, SYNTHETIC weights) and popularity, and a language-preference model for
  the taste prior;
- the users (SYNTHETIC, 20 rated titles each) and the rated titles' rows are written to the
  database named by BENCH_SERVING_DATABASE_URL (default: a scratch PostgreSQL database
  `cinerec_two_stage_serving`, created and migrated when missing; never DATABASE_URL's).

Per request shape: p50 / p99 of whole requests, and per stage (the chain's functions timed in
place). The index build is timed once.

    .venv/bin/python bench/two_stage_serving.py docs/benchmarks.md --titles 1000000
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one thread, before numpy loads

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- two-stage-serving:start -->", "<!-- two-stage-serving:end -->"
SCRATCH = "postgres://postgres@127.0.0.1:5432/cinerec_two_stage_serving"
HELD, NEIGHBOURS, FACTORS, CLUSTER = 20, 10, 64, 1_000  # CLUSTER: titles per taste cluster
LANGUAGES = ("hi", "en", "te", "ta", "ml", "kn", "bn", "mr", "ja", "ko", "pa")
NARROW_LANGUAGE, NARROW_TITLES = "or", 2_000  # Odia: a language with few titles
KINDS, KIND_SHARES = ("movie", "tv", "anime"), (0.7, 0.2, 0.1)
PROBE = "SELECT 1 FROM accounts_user WHERE username LIKE 'synthetic-serve-%%' LIMIT 1"
STAGES = {  # (module, attribute) timed in place -> the stage row's name
    ("recommender.serving.chain", "user_state"): "user's signals (PostgreSQL) and state",
    ("recommender.algorithms.als", "ImplicitAlsRecommender.user_vector"): "ALS fold-in",
    ("recommender.retrieval.index", "AnnIndex.search"): "ANN search / exact scan",
    ("recommender.serving.chain", "retrieve"): "retrieval inside the filters (fold-in + search)",
    ("recommender.serving.chain", "hybrid_pool_scores"): "hybrid on the pool + sample",
    ("recommender.serving.chain", "taste_prior"): "taste prior on the pool",
    ("recommender.serving.engine", "_recommend_pool"): "filters, mood, MMR, reasons (pool)",
}


@dataclass(frozen=True)
class Shape:
    name: str
    request: dict[str, Any]


SHAPES = (
    Shape("no filter, k=20", {}),
    Shape("language filter (hi, ~25% of titles)", {"languages": ["hi"]}),
    Shape(
        f"narrow language filter ({NARROW_LANGUAGE}, {NARROW_TITLES:,} titles)",
        {"languages": [NARROW_LANGUAGE]},
    ),
    Shape("language + genre (te, drama)", {"languages": ["te"], "genres": ["drama"]}),
    Shape("mood (thrilling)", {"mood": "thrilling"}),
    Shape("diversity 0.3", {"diversity": 0.3}),
    Shape(
        "language + mood + diversity", {"languages": ["ta"], "mood": "feel-good", "diversity": 0.3}
    ),
)


def synthetic_meta(ids: np.ndarray, rng: np.random.Generator) -> Any:
    """A SYNTHETIC catalogue's ItemMeta: languages (Zipf-like shares, one narrow language),
    kinds, 1-3 genres per title, popularity, runtimes and episodes."""
    from apps.catalog.genres import GENRES
    from recommender.algorithms.base import ItemFeatures
    from recommender.serving.items import ItemMeta

    n = len(ids)
    weights = 1.0 / np.arange(1, len(LANGUAGES) + 1) ** 0.8
    languages = np.array(LANGUAGES, dtype=object)[
        rng.choice(len(LANGUAGES), n, p=weights / weights.sum())
    ]
    languages[rng.choice(n, NARROW_TITLES, replace=False)] = NARROW_LANGUAGE
    kinds = np.array(KINDS, dtype=object)[rng.choice(len(KINDS), n, p=KIND_SHARES)]
    slugs = tuple(sorted(GENRES))
    per_title = rng.integers(1, 4, n)
    rows = np.repeat(np.arange(n), per_title)
    genre_cols = rng.integers(0, len(slugs), len(rows))
    genres = sparse.csr_matrix(
        (np.ones(len(rows), np.float32), (rows, genre_cols)), shape=(n, len(slugs))
    )
    genres.data[:] = 1.0
    features = ItemFeatures(
        genres=genres,
        genre_names=slugs,
        languages=languages,
        kinds=kinds,
        years=rng.integers(1960, 2026, n),
        text=("SYNTHETIC overview",) * n,
        popularity=rng.random(n) * 100,
        titles=tuple(f"SYNTHETIC title {i}" for i in ids),
    )
    series = kinds != "movie"
    return ItemMeta(
        item_ids=ids,
        features=features,
        runtime=np.where(series, 24, rng.integers(80, 180, n)),
        episodes=np.where(series, rng.integers(1, 100, n), 0),
        finished=series & (rng.random(n) < 0.5),
        genre_slugs=slugs,
        genre_dense=genres.toarray().astype(bool),
    )


def item_item(cluster: np.ndarray, rng: np.random.Generator) -> sparse.csr_matrix:
    """SYNTHETIC item-item weights: NEIGHBOURS random neighbours per title, in its cluster."""
    n = len(cluster)
    order = np.argsort(cluster, kind="stable")
    sizes = np.bincount(cluster)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rows = np.repeat(np.arange(n), NEIGHBOURS)
    home = cluster[rows]
    cols = order[starts[home] + (rng.random(len(rows)) * sizes[home]).astype(np.int64)]
    return sparse.csr_matrix(
        (rng.random(n * NEIGHBOURS, dtype=np.float32), (rows, cols)), shape=(n, n)
    )


def factors(cluster: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """SYNTHETIC ALS item factors: the cluster's Gaussian centre plus Gaussian noise."""
    centres = rng.standard_normal((int(cluster.max()) + 1, FACTORS), dtype=np.float32)
    noise = rng.standard_normal((len(cluster), FACTORS), dtype=np.float32)
    return (0.1 * (centres[cluster] + 0.7 * noise)).astype(np.float32)


def synthetic_models(
    ids: np.ndarray, meta: Any, cluster: np.ndarray, rng: np.random.Generator
) -> dict[str, Any]:
    """The registry's models: ALS, the hybrid (session + item-kNN + popularity), language.
    SYNTHETIC taste clusters tie them together (a title's factors are its cluster's centre plus
    noise; its item-item neighbours are in its cluster), so the ANN pool and the members agree
    as trained models do."""
    from recommender.algorithms.als import ImplicitAlsRecommender
    from recommender.algorithms.hybrid import HybridRecommender
    from recommender.algorithms.knn import ItemKnnRecommender
    from recommender.algorithms.popularity import PopularityRecommender
    from recommender.algorithms.preferences import LanguagePreferenceRecommender
    from recommender.algorithms.session import SessionRecommender

    n = len(ids)
    empty = sparse.csr_matrix((1, n), dtype=np.float32)  # no training users needed
    als = ImplicitAlsRecommender.from_factors(
        user_ids=np.array([0]),
        item_ids=ids,
        user_factors=rng.standard_normal((1, FACTORS), dtype=np.float32) * 0.1,
        item_factors=factors(cluster, rng),
        seen=empty,
    )
    session, knn, popularity = SessionRecommender(), ItemKnnRecommender(), PopularityRecommender()
    session.weights_, knn.similarity_ = item_item(cluster, rng), item_item(cluster, rng)
    popularity.scores_ = (meta.features.popularity * 10).astype(np.float32)
    language = LanguagePreferenceRecommender()
    codes, inverse = np.unique(meta.features.languages.astype(str), return_inverse=True)
    language.labels_ = [str(c) for c in codes]
    language.item_language_ = inverse.astype(np.int64)
    language.item_popularity_ = meta.features.popularity / 100.0
    language.affinity_ = np.zeros((1, len(codes)))
    language.base_ = (np.bincount(inverse) / n).astype(np.float32)  # the catalogue's shares
    hybrid = HybridRecommender()
    hybrid.members_ = [("session", session), ("item_knn", knn), ("popularity", popularity)]
    hybrid.weights_ = np.array([0.6, 0.3, 0.1])
    hybrid.beta_, hybrid.exposure_multiple_ = 0.05, 0.75
    hybrid.exposure_ = rng.random(n)
    for model in (als, session, knn, popularity, language, hybrid):
        model.item_ids_ = ids
        model.seen_ = empty
    return {"hybrid": hybrid, "als": als, "language": language}


def install(models: dict[str, Any], meta: Any) -> None:
    """The registry holds the SYNTHETIC models as loaded versions (never re-read), and the
    models' vocabulary has the SYNTHETIC meta."""
    from recommender.serving import items
    from recommender.serving.registry import registry

    registry._active = {name: n for n, name in enumerate(models, start=1)}
    registry._models = {n: (registry._active[n], m) for n, m in models.items()}
    registry._checked = float("inf")
    ids = models["hybrid"].item_ids_
    items._META.clear()
    items._META[hash(ids.tobytes())] = meta  # item_meta's own key: the vocabulary's bytes
    assert items.item_meta(ids) is meta


def users(ids: np.ndarray, cluster: np.ndarray, count: int, rng: np.random.Generator) -> list[Any]:
    """SYNTHETIC users with HELD rated titles each from one taste cluster (written afresh, with
    the rows of the titles they rated: SYNTHETIC)."""
    from apps.accounts.models import Rating, User
    from apps.catalog.models import Content

    User.objects.filter(username__startswith="synthetic-serve-").delete()
    homes = rng.choice(int(cluster.max()) + 1, count, replace=False)
    held = {
        u: np.sort(rng.choice(np.flatnonzero(cluster == home), HELD, replace=False))
        for u, home in enumerate(homes)
    }
    wanted = sorted({int(ids[c]) for cols in held.values() for c in cols})
    have = set(Content.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    Content.objects.bulk_create(
        [
            Content(pk=pk, kind="movie", title=f"SYNTHETIC title {pk}")
            for pk in wanted
            if pk not in have
        ]
    )
    made = User.objects.bulk_create(
        [User(username=f"synthetic-serve-{u}", email=f"s{u}@synthetic.invalid") for u in held]
    )
    Rating.objects.bulk_create(
        [
            Rating(user=user, content_id=int(ids[c]), rating=int(rng.integers(6, 11)))
            for user, cols in zip(made, held.values(), strict=True)
            for c in cols
        ]
    )
    return list(User.objects.filter(username__startswith="synthetic-serve-").order_by("pk"))


class StageClock:
    """Wraps the functions in STAGES; per request, the milliseconds spent in each."""

    def __init__(self) -> None:
        self.current: dict[str, float] = defaultdict(float)

    def wrap(self, owner: Any, attribute: str, stage: str) -> None:
        fn = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.current[stage] += (time.perf_counter() - started) * 1000

        setattr(owner, attribute, timed)

    def install(self) -> None:
        import importlib

        for (module, path), stage in STAGES.items():
            owner: Any = importlib.import_module(module)
            *parents, attribute = path.split(".")
            for parent in parents:
                owner = getattr(owner, parent)
            self.wrap(owner, attribute, stage)


def measure(titles: int, repeats: int, n_users: int, seed: int = 0) -> dict[str, Any]:
    from recommender.retrieval.serving_pool import als_index
    from recommender.serving.engine import recommend
    from recommender.serving.types import RecoRequest

    rng = np.random.default_rng(seed)
    ids = np.arange(1, titles + 1, dtype=np.int64)
    started = time.perf_counter()
    meta = synthetic_meta(ids, rng)
    cluster = rng.permutation(titles) // CLUSTER  # SYNTHETIC taste clusters
    models = synthetic_models(ids, meta, cluster, rng)
    install(models, meta)
    people = users(ids, cluster, n_users, rng)
    prepared = time.perf_counter() - started
    started = time.process_time()
    als_index(models["als"])
    build = time.process_time() - started
    clock = StageClock()
    clock.install()
    rows = []
    for shape in SHAPES:
        request = RecoRequest(k=20, **shape.request)
        recommend(people[0], request)  # warm: per-process caches (the inverted indexes)
        totals, cpu, stages, paths, served = [], [], defaultdict(list), set(), []
        for n in range(repeats):
            clock.current.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            result = recommend(people[n % len(people)], request)
            totals.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            for stage, ms in clock.current.items():
                stages[stage].append(ms)
            paths.add(str((result.retrieval or {}).get("path", "none")))
            served.append(len(result.items))
        rows.append(
            {
                "shape": shape.name,
                "p50": float(np.percentile(totals, 50)),
                "p99": float(np.percentile(totals, 99)),
                "cpu50": float(np.percentile(cpu, 50)),
                "cpu99": float(np.percentile(cpu, 99)),
                "path": "/".join(sorted(paths)),
                "items": int(np.median(served)),
                "stages": {
                    s: (float(np.percentile(v, 50)), float(np.percentile(v, 99)))
                    for s, v in stages.items()
                },
            }
        )
    return {"rows": rows, "build": build, "prepared": prepared, "users": len(people)}


def render(titles: int, repeats: int, result: dict[str, Any], load: tuple[float, float]) -> str:
    from django.conf import settings

    rows = result["rows"]
    met = all(r["p50"] <= 30 and r["p99"] <= 80 for r in rows)
    lines = [
        START,
        f"## Two-stage serving at {titles:,} titles: whole requests (SYNTHETIC)",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, one thread"
        f" (BLAS and faiss), load average {load[0]:.1f} before / {load[1]:.1f} after on"
        f" {os.cpu_count()} cores (shared machine); {repeats} requests per shape over"
        f" {result['users']} users. `bench/two_stage_serving.py`. **SYNTHETIC** data: {titles:,}"
        f" titles (ItemMeta built in memory from SYNTHETIC arrays), Gaussian ALS factors"
        f" ({FACTORS}) in {CLUSTER:,}-title taste clusters, a hybrid of two sparse item-item members ({NEIGHBOURS} neighbours per"
        f" title) and popularity, users with {HELD} rated titles each (PostgreSQL). Every request"
        f" computed through `engine.recommend` (no list cache); pool {settings.TWO_STAGE_POOL}."
        " Speed only, never quality.",
        "",
        "| request (SYNTHETIC) | path | items | p50 ms | p99 ms | CPU p50 ms | CPU p99 ms |",
        "|---|---|---|---|---|---|---|",
        *[
            f"| {r['shape']} | {r['path']} | {r['items']} | {r['p50']:.1f} | {r['p99']:.1f}"
            f" | {r['cpu50']:.1f} | {r['cpu99']:.1f} |"
            for r in rows
        ],
        "",
        "p50 / p99: wall-clock time of the request, the target's measure; CPU: this process's"
        " CPU time in it (the database's work is in the wall time only). On a shared machine"
        " at this load the wall time includes waiting for a core.",
        "",
        f"Target p50 <= 30 ms and p99 <= 80 ms on every shape: **{'met' if met else 'NOT met'}**"
        " in this run.",
        "",
        "Per stage (SYNTHETIC; p50 / p99 ms of the time each request spent in it; stages nest:"
        " retrieval holds the fold-in and the search):",
        "",
        "| stage (SYNTHETIC) | " + " | ".join(r["shape"] for r in rows) + " |",
        "|---|" + "---|" * len(rows),
    ]
    for stage in STAGES.values():
        cells = [
            "{:.2f} / {:.2f}".format(*r["stages"][stage]) if stage in r["stages"] else "-"
            for r in rows
        ]
        lines.append(f"| {stage} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"ANN index build (once per process per ALS version): {result['build']:.1f} s CPU;"
        f" building the SYNTHETIC catalogue and models: {result['prepared']:.0f} s.",
        END,
    ]
    return "\n".join(lines)


def prepare_database(url: str) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from scratch_db import scratch_database  # bench/scratch_db.py

    if scratch_database(url, fresh=False, probe=PROBE):
        env = os.environ | {"DATABASE_URL": url}
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, check=True, env=env
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("doc", type=Path, nargs="?")
    parser.add_argument("--titles", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--users", type=int, default=50)
    args = parser.parse_args()
    # its own scratch database (SYNTHETIC users are written): never the development one
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_SERVING_DATABASE_URL") or SCRATCH
    os.environ["TWO_STAGE_MIN_TITLES"] = str(min(100_000, args.titles - 1))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    if os.environ["DATABASE_URL"].startswith("postgres"):
        prepare_database(os.environ["DATABASE_URL"])
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import faiss

    faiss.omp_set_num_threads(1)
    before = os.getloadavg()[0]
    result = measure(args.titles, args.repeats, args.users)
    section = render(args.titles, args.repeats, result, (before, os.getloadavg()[0]))
    sys.stdout.write(section + "\n")
    if args.doc:
        sys.path.insert(0, str(ROOT / "bench"))
        from sections import replace_section  # bench/sections.py

        replace_section(args.doc, START, END, section)


if __name__ == "__main__":
    main()
