"""Exact inner-product top-k: the ground truth of the ANN index and its path for small allowed
sets (a filter that leaves few titles is scanned, not searched)."""

from __future__ import annotations

import numpy as np

BLOCK_ELEMENTS = 1 << 24  # queries x titles scored at once (64 MB of float32)


def exact_top_k(
    queries: np.ndarray, vectors: np.ndarray, k: int, columns: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(row positions into `vectors` (queries x k), their inner products), best first, ties by
    position. columns: restrict the scan to these rows of `vectors`. Fewer than k candidates give
    fewer columns; memory is bounded by BLOCK_ELEMENTS, not by queries x titles."""
    queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
    pool = np.arange(len(vectors)) if columns is None else np.asarray(columns, dtype=np.int64)
    k = min(k, len(pool))
    keys = np.empty((len(queries), k), dtype=np.int64)
    scores = np.empty((len(queries), k), dtype=np.float32)
    if k == 0:
        return keys, scores
    candidates = vectors if columns is None else vectors[pool]
    step = max(1, BLOCK_ELEMENTS // max(len(pool), 1))
    for start in range(0, len(queries), step):
        block = queries[start : start + step] @ candidates.T
        top = _top_columns(block, k)
        keys[start : start + step] = pool[top]
        scores[start : start + step] = np.take_along_axis(block, top, axis=1)
    return keys, scores


def _top_columns(block: np.ndarray, k: int) -> np.ndarray:
    """Per row the k best columns, best first; equal scores in column order (deterministic)."""
    part = np.argpartition(-block, k - 1, axis=1)[:, :k] if k < block.shape[1] else None
    if part is None:
        part = np.broadcast_to(np.arange(block.shape[1]), block.shape).copy()
    values = np.take_along_axis(block, part, axis=1)
    order = np.lexsort((part, -values), axis=1)
    return np.take_along_axis(part, order, axis=1)
