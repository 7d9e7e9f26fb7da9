"""Choosing ALS's settings, and checking item kNN's blocked path, on VALIDATION data (issue 25).

The data is the training part of the protocol's rank-v1 split (../shared/bench/PROTOCOL.md) on
MovieLens 100K and the anime ratings; its test rows are never read. A per-user 20% holdout of
those training rows (recommender.algorithms.validation.validation_split, seed 1, every user)
is the validation set. Two things are measured on it, NDCG@10:

- ALS over a grid of factors x regularization x alpha (15 iterations); the default config is
  the grid point with the best mean NDCG@10 over the two data sets (docs/algorithms.md, "ALS");
- item kNN with its neighbours computed by the dense items x items path and by the blocked
  sparse path (recommender.algorithms.knn), same config.

    .venv/bin/python bench/als_validation.py [--json var/bench/als_validation.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATASETS = ROOT.parent / "shared" / "datasets"
SETS = {
    "ml-100k": DATASETS / "ml-100k" / "ml-100k.inter",
    "anime": DATASETS / "anime" / "ratings.csv.gz",
}
FACTORS = (32, 64, 128)
REGULARIZATION = (0.1, 1.0, 10.0, 30.0, 100.0)
ALPHA = (1.0, 3.0, 10.0)


def validation(path: Path) -> Any:
    from recommender.algorithms.validation import validation_split
    from recommender.evaluation.data import read_ratings
    from recommender.evaluation.protocols import rank_v1_split

    ratings = read_ratings(path)
    train_rows, _ = rank_v1_split(ratings)  # the test rows stay unread
    train = ratings.interaction_data(train_rows)
    if train.timestamps is not None and not train.timestamps.data.any():  # no times (anime)
        # (the hybrid's own holdout cannot cut a times matrix whose zeros were dropped)
        train = replace(train, timestamps=None)
    return validation_split(train, seed=1, share=0.2, max_users=train.n_users)


def als_grid(split: Any, grid: tuple[tuple[float, ...], ...]) -> list[dict[str, Any]]:
    from recommender.algorithms.als import AlsConfig, ImplicitAlsRecommender

    rows = []
    for factors, reg, alpha in itertools.product(*grid):
        config = AlsConfig(factors=int(factors), regularization=reg, alpha=alpha, iterations=15)
        started = time.perf_counter()
        model = ImplicitAlsRecommender(config).fit(split.train, seed=0)
        fit_s = time.perf_counter() - started
        rows.append(
            {
                "factors": factors,
                "regularization": reg,
                "alpha": alpha,
                "ndcg": round(split.ndcg(model), 4),
                "fit_s": round(fit_s, 2),
            }
        )
        print(json.dumps(rows[-1]), flush=True)  # noqa: T201 (progress)
    return rows


def knn_paths(split: Any) -> dict[str, float]:
    """Item kNN (the evaluation's default config and the serving config) both ways."""
    import numpy as np
    from scipy import sparse

    from recommender.algorithms.knn import ItemKnnRecommender, KnnConfig, shrunk_topk_similarity

    out: dict[str, float] = {}
    for label, config in {
        "default": KnnConfig(),
        "serving": KnnConfig(**ItemKnnRecommender.serving_config),
    }.items():
        model = ItemKnnRecommender(config)
        model.fit(split.train, seed=0)
        out[f"{label} blocked"] = round(split.ndcg(model), 4)
        values, binary = model._prepare(split.train, axis=0)
        active = np.flatnonzero(np.diff(binary.tocsc().indptr) > 0)
        dense = sparse.coo_matrix(
            shrunk_topk_similarity(
                values[:, active].T.tocsr(),
                binary[:, active].T.tocsr(),
                model.config.k,
                config.shrinkage,
            )
        )
        model.similarity_ = sparse.csr_matrix(
            (dense.data, (active[dense.row], active[dense.col])), shape=model.similarity_.shape
        )
        out[f"{label} dense"] = round(split.ndcg(model), 4)
    return out


def hybrid_with_als(split: Any) -> dict[str, Any]:
    """The hybrid as it is and with ALS as one more member (weights fitted inside, as always)."""
    from recommender.algorithms.hybrid import DEFAULT_MEMBERS, HybridConfig, HybridRecommender

    out: dict[str, Any] = {}
    for label, members in {
        "hybrid": DEFAULT_MEMBERS,
        "hybrid + als": (*DEFAULT_MEMBERS, ("als", {})),
    }.items():
        model = HybridRecommender(HybridConfig(members=members))
        model.fit(split.train, seed=0)
        out[label] = {"ndcg": round(split.ndcg(model), 4), "weights": model.weights()}
        print(label, json.dumps(out[label]), flush=True)  # noqa: T201 (progress)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "bench" / "als_validation.json")
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--factors", default=",".join(map(str, FACTORS)))
    parser.add_argument("--regularization", default=",".join(map(str, REGULARIZATION)))
    parser.add_argument("--alpha", default=",".join(map(str, ALPHA)))
    parser.add_argument("--no-knn", action="store_true", help="the ALS grid only")
    parser.add_argument(
        "--hybrid", action="store_true", help="only the hybrid with and without ALS"
    )
    args = parser.parse_args()
    grid = tuple(
        tuple(float(v) for v in values.split(","))
        for values in (args.factors, args.regularization, args.alpha)
    )
    result: dict[str, Any] = {}
    for name in args.sets.split(","):
        split = validation(SETS[name])
        if args.hybrid:
            result[name] = {"hybrid": hybrid_with_als(split)}
            continue
        result[name] = {
            "knn": {} if args.no_knn else knn_paths(split),
            "als": als_grid(split, grid),
        }
        print(name, json.dumps(result[name]["knn"]), flush=True)  # noqa: T201
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
