"""Top-K metrics of rank-v1 (binary relevance) and the error metrics of rating-v1."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from recommender.algorithms.validation import ndcg_from_hits


@dataclass(frozen=True)
class RankMetrics:
    precision: float
    recall: float
    ndcg: float
    map: float
    hit_rate: float
    coverage: float
    novelty: float
    n_users: int

    def as_dict(self) -> dict[str, float]:
        return {
            "P@10": self.precision,
            "R@10": self.recall,
            "NDCG@10": self.ndcg,
            "MAP@10": self.map,
            "HR@10": self.hit_rate,
            "coverage": self.coverage,
            "novelty": self.novelty,
        }


def rank_metrics(
    recommended: np.ndarray,
    relevant: list[np.ndarray],
    *,
    n_items: int,
    train_counts: np.ndarray,
    n_users: int,
    k: int = 10,
) -> RankMetrics:
    """recommended: (n_eval_users, k) item columns best first; relevant: test items per user."""
    precision = recall = ap = hits_any = 0.0
    hits = np.array(
        [np.isin(recs[:k], rel) for recs, rel in zip(recommended, relevant, strict=True)]
    ).reshape(len(relevant), -1)
    ndcg = float(ndcg_from_hits(hits, np.array([len(rel) for rel in relevant])).sum())
    for hit, rel in zip(hits, relevant, strict=True):
        n_hit = int(hit.sum())
        ideal = min(len(rel), k)
        precision += n_hit / k
        recall += n_hit / len(rel)
        if n_hit:
            positions = np.flatnonzero(hit)
            ap += float((np.arange(1, n_hit + 1) / (positions + 1)).sum() / ideal)
            hits_any += 1
    n = len(relevant)
    flat = recommended[:, :k].ravel()
    novelty = float(np.mean(-np.log2((train_counts[flat] + 1) / n_users)))
    return RankMetrics(
        precision=precision / n,
        recall=recall / n,
        ndcg=ndcg / n,
        map=ap / n,
        hit_rate=hits_any / n,
        coverage=len(np.unique(flat)) / n_items,
        novelty=novelty,
        n_users=n,
    )


def rmse_mae(predicted: np.ndarray, actual: np.ndarray) -> tuple[float, float]:
    err = predicted - actual
    return float(np.sqrt(np.mean(err**2))), float(np.mean(np.abs(err)))
