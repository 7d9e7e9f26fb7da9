"""The robustness table of `make bench`: the hybrid, its best member and the peers' EASE and ALS
on MovieLens 100K, the anime ratings and sets derived from them that change size and density.

Each set is split with rank-v1. The hybrid is fitted once on the training part; each of its
members (fitted inside it, on the same rows, with the settings it chose) is scored on its own,
and the best of them on the test split is "its best member". A line is printed for every set
where the hybrid loses to that member by more than LOSS_MARGIN NDCG@10.

    python -m recommender.evaluation.robustness ML_RATINGS [ANIME_RATINGS] --json OUT
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from recommender.algorithms.base import InteractionData, Recommender
from recommender.algorithms.ease import EaseConfig, EaseRecommender
from recommender.algorithms.hybrid import HybridRecommender
from recommender.evaluation.data import Ratings, read_ratings
from recommender.evaluation.metrics import rank_metrics
from recommender.evaluation.protocols import rank_v1_split
from recommender.evaluation.runner import recommend_top_k

LOSS_MARGIN = 0.005  # NDCG@10 a hybrid may trail its best member by (noise), as the issue says
# The peers' settings of the protocol (docs: ../shared/bench/PROTOCOL.md): EASE with lambda 500
# on MovieLens and 250 on the anime data (the peer that did not pick its lambda on the test
# split), implicit ALS with 32 and 64 factors.
PEER_SETTINGS = {"ml-100k": (500.0, 32), "anime": (250.0, 64)}


@dataclass(frozen=True)
class RatingSet:
    name: str
    family: str  # "ml-100k" or "anime": which peers' settings apply
    data: Ratings


def subset(data: Ratings, rows: np.ndarray) -> Ratings:
    """The given rows (file order kept) with the id vocabularies cut to the users and items
    that remain, so coverage is over the titles of the derived set."""
    rows = np.sort(rows)
    users, user_pos = np.unique(data.users[rows], return_inverse=True)
    items, item_pos = np.unique(data.items[rows], return_inverse=True)
    return Ratings(
        users=user_pos.astype(np.int64),
        items=item_pos.astype(np.int64),
        ratings=data.ratings[rows],
        timestamps=data.timestamps[rows],
        user_ids=data.user_ids[users],
        item_ids=data.item_ids[items],
    )


def sample_users(data: Ratings, n_users: int, seed: int = 0) -> Ratings:
    chosen = np.random.default_rng(seed).choice(data.n_users, n_users, replace=False)
    return subset(data, np.flatnonzero(np.isin(data.users, chosen)))


def min_item_ratings(data: Ratings, minimum: int) -> Ratings:
    counts = np.bincount(data.items, minlength=data.n_items)
    return subset(data, np.flatnonzero(counts[data.items] >= minimum))


def high_ratings(data: Ratings, share_of_scale: float = 0.75) -> Ratings:
    """Ratings in the top quarter of the file's own scale (>= 4 on 1-5, >= 7.75 on 1-10)."""
    low, high = float(data.ratings.min()), float(data.ratings.max())
    return subset(data, np.flatnonzero(data.ratings >= low + share_of_scale * (high - low)))


def rating_sets(ml: Ratings, anime: Ratings | None) -> list[RatingSet]:
    sets = [
        RatingSet("MovieLens 100K", "ml-100k", ml),
        RatingSet(
            "ML 100K, 25% of the users", "ml-100k", sample_users(ml, round(0.25 * ml.n_users))
        ),
        RatingSet("ML 100K, titles with >= 5 ratings", "ml-100k", min_item_ratings(ml, 5)),
        RatingSet("ML 100K, ratings >= 4 only", "ml-100k", high_ratings(ml)),
    ]
    if anime is not None:
        sets += [
            RatingSet("Anime", "anime", anime),
            RatingSet("Anime, 700 users", "anime", sample_users(anime, min(700, anime.n_users))),
        ]
    return sets


class AlsPeer(Recommender):
    """implicit's ALS (a peer, evaluated only): binary interactions, library defaults."""

    name = "peer_als"

    @dataclass(frozen=True)
    class Config:
        factors: int = 32

    def _fit(self, data: InteractionData, *, seed: int) -> None:
        from implicit.cpu.als import AlternatingLeastSquares
        from threadpoolctl import threadpool_limits

        model = AlternatingLeastSquares(factors=self.config.factors, random_state=seed)
        with threadpool_limits(1, "blas"):  # implicit's advice: its own threads, BLAS single
            model.fit(data.binary(), show_progress=False)
        self.user_factors_ = np.asarray(model.user_factors)
        self.item_factors_ = np.asarray(model.item_factors)

    def score_rows(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray(self.user_factors_[rows] @ self.item_factors_.T)

    def get_parameters(self) -> dict[str, np.ndarray]:
        return {"users": self.user_factors_, "items": self.item_factors_}

    def load_parameters(self, params: Any) -> None:
        self.user_factors_, self.item_factors_ = params["users"], params["items"]


def _als_available() -> bool:
    try:
        import implicit  # noqa: F401
    except ImportError:
        return False
    return True


def evaluate_set(rating_set: RatingSet) -> dict[str, Any]:
    data = rating_set.data
    train_rows, test_rows = rank_v1_split(data)
    train = data.interaction_data(train_rows)
    users = np.unique(data.users[test_rows])
    order = np.argsort(data.users[test_rows], kind="stable")
    test_users = data.users[test_rows][order]
    relevant = np.split(data.items[test_rows][order], np.flatnonzero(np.diff(test_users)) + 1)
    counts = np.asarray(train.binary().sum(axis=0)).ravel()

    def metrics(model: Recommender) -> dict[str, float]:
        top = recommend_top_k(model, train, users)
        m = rank_metrics(
            top, relevant, n_items=data.n_items, train_counts=counts, n_users=data.n_users
        )
        return {"NDCG@10": m.ndcg, "coverage": m.coverage}

    def timed(build: Callable[[], Recommender]) -> tuple[Recommender, float]:
        started = time.perf_counter()
        model = build().fit(train, seed=0)
        return model, time.perf_counter() - started

    fitted, seconds = timed(HybridRecommender)
    assert isinstance(fitted, HybridRecommender)
    hybrid = fitted
    members = {name: metrics(model) for name, model in hybrid.members_}
    best = max(members, key=lambda n: members[n]["NDCG@10"])
    l2, factors = PEER_SETTINGS[rating_set.family]
    row: dict[str, Any] = {
        "set": rating_set.name,
        "users": data.n_users,
        "items": data.n_items,
        "ratings": len(data),
        "density": len(data) / (data.n_users * data.n_items),
        "hybrid": metrics(hybrid) | {"fit_seconds": seconds},
        "weights": hybrid.weights(),
        "validation_best_member": hybrid.validation_["best_member"],
        "best_member": {"name": best} | members[best],
        "members": members,
        f"peer EASE lambda {l2:g}": metrics(EaseRecommender(EaseConfig(l2=l2)).fit(train)),
    }
    if _als_available():
        row[f"peer ALS {factors} factors"] = metrics(AlsPeer(AlsPeer.Config(factors)).fit(train))
    row["loss"] = row["best_member"]["NDCG@10"] - row["hybrid"]["NDCG@10"]
    return row


def markdown(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| set | users | items | ratings | density | hybrid NDCG@10 / cov | best member (test) |"
        " peer EASE | peer ALS | hybrid - best member |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ease = next(v for k, v in row.items() if k.startswith("peer EASE"))
        als = next((v for k, v in row.items() if k.startswith("peer ALS")), None)
        ease_name = next(k for k in row if k.startswith("peer EASE"))[5:]
        als_name = next((k for k in row if k.startswith("peer ALS")), "peer ALS")[5:]
        h, b = row["hybrid"], row["best_member"]
        lines.append(
            f"| {row['set']} | {row['users']} | {row['items']} | {row['ratings']} | "
            f"{row['density']:.4f} | **{h['NDCG@10']:.3f}** / {h['coverage']:.3f} | "
            f"{b['name']} {b['NDCG@10']:.3f} / {b['coverage']:.3f} | "
            f"{ease['NDCG@10']:.3f} / {ease['coverage']:.3f} ({ease_name}) | "
            + (f"{als['NDCG@10']:.3f} / {als['coverage']:.3f} ({als_name})" if als else "n/a")
            + f" | {h['NDCG@10'] - b['NDCG@10']:+.3f} |"  # 0 prints +0.000, not -0.000
        )
    return lines


def losses(rows: list[dict[str, Any]]) -> list[str]:
    return [
        f"LOSS: on {row['set']} the hybrid ({row['hybrid']['NDCG@10']:.3f}) trails its best "
        f"member {row['best_member']['name']} ({row['best_member']['NDCG@10']:.3f}) by "
        f"{row['loss']:.3f} NDCG@10 (> {LOSS_MARGIN})"
        for row in rows
        if row["loss"] > LOSS_MARGIN
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ml_ratings")
    parser.add_argument("anime_ratings", nargs="?")
    parser.add_argument("--json", dest="json_out")
    parser.add_argument("--only", help="set names separated by ; (default: every set)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    ml = read_ratings(args.ml_ratings)
    anime = read_ratings(args.anime_ratings) if args.anime_ratings else None
    sets = rating_sets(ml, anime)
    if args.only:
        wanted = {s.strip() for s in args.only.split(";")}
        sets = [s for s in sets if s.name in wanted]
    rows = []
    for rating_set in sets:
        rows.append(evaluate_set(rating_set))
        sys.stdout.write("\n".join(markdown(rows[-1:])[2:]) + "\n")
        sys.stdout.flush()
    lines = markdown(rows) + losses(rows)
    if not losses(rows):
        lines.append(f"the hybrid is within {LOSS_MARGIN} NDCG@10 of its best member on every set")
    sys.stdout.write("\n".join(lines) + "\n")
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(json.dumps(rows, indent=2, default=float))


if __name__ == "__main__":
    main()
