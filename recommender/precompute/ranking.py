"""The ALS batch ranking of a chunk: one batched fold-in, one batched ANN search (seen titles
excluded), reasons anchored on the user's own title nearest each pick.

Equivalence with the online path: for each user, the items and scores are the top-k of
`ImplicitAlsRecommender.fold_in` over the titles they have not seen (exact up to the ANN
index's recall; the index searches exactly when it is small or a filter leaves few titles).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from recommender.algorithms.als import ImplicitAlsRecommender
from recommender.precompute.signals import ChunkSignals
from recommender.retrieval.index import AnnIndex


def history_matrix(
    signals: ChunkSignals, user_ids: list[int], item_ids: np.ndarray
) -> sparse.csr_matrix:
    """users x model columns, 1 where the user has a signal on a title the model knows."""
    order = np.argsort(item_ids, kind="stable")
    sorted_ids = item_ids[order]
    pos = np.minimum(np.searchsorted(sorted_ids, signals.content_id), len(sorted_ids) - 1)
    known = sorted_ids[pos] == signals.content_id
    rows = np.searchsorted(np.asarray(user_ids, dtype=np.int64), signals.user_id[known])
    cols = order[pos[known]]
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(user_ids), len(item_ids)))


FOLD_IN_BLOCK = 32  # users solved together; sorted by history length, so little padding


def user_vectors(model: ImplicitAlsRecommender, history: sparse.csr_matrix) -> np.ndarray:
    """model.user_vectors(history) batched: the same ALS user step for each row (float64, the
    row's unique columns), with the users' Y_u'Y_u built by one batched matmul and their k x k
    systems solved by one batched LAPACK call per block, instead of a Python loop of solves."""
    rows = sparse.csr_matrix(history)
    rows.sum_duplicates()
    factors = model.item_factors_
    n, k = rows.shape[0], factors.shape[1]
    out = np.zeros((n, k), dtype=np.float32)
    lengths = np.diff(rows.indptr)
    cfg = model.config
    c = cfg.confidence_offset + cfg.alpha
    eye = np.eye(k)
    order = np.argsort(lengths, kind="stable")
    order = order[lengths[order] > 0]  # no items: zeros, as user_vector
    for block in np.array_split(order, max(1, -(-len(order) // FOLD_IN_BLOCK))):
        if len(block) == 0:
            continue
        width = int(lengths[block].max())
        offsets = np.arange(width)
        valid = offsets[None, :] < lengths[block][:, None]
        at = np.where(valid, rows.indptr[block][:, None] + offsets[None, :], 0)
        y = factors[rows.indices[at]].astype(np.float64) * valid[..., None]  # b x width x k
        yty = np.matmul(y.transpose(0, 2, 1), y)
        lam = cfg.regularization * (lengths[block] if cfg.scale_regularization else 1.0)
        a = model.gram_ + (c - 1.0) * yty + np.multiply.outer(lam * np.ones(len(block)), eye)
        b = c * y.sum(axis=1)
        out[block] = np.linalg.solve(a, b[..., None])[..., 0].astype(np.float32)
    return out


def rank_als(
    model: ImplicitAlsRecommender, index: AnnIndex, history: sparse.csr_matrix, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(columns, scores, anchor columns), each users x k; column -1 pads a short row."""
    vectors = user_vectors(model, history)
    seen = [history.indices[history.indptr[r] : history.indptr[r + 1]] for r in range(len(vectors))]
    cols, scores = index.search(vectors, k, exclude=seen)
    anchors = np.full(cols.shape, -1, dtype=np.int64)
    unit = model.unit_items_
    for r, own in enumerate(seen):
        picked = cols[r] >= 0
        if own.size and picked.any():
            nearest = (unit[cols[r][picked]] @ unit[own].T).argmax(axis=1)
            anchors[r][picked] = own[nearest]
    return cols, scores, anchors
