"""The ALS model's ANN index, built once when the model is trained and stored in its artifact.

Training (locally or on Spark) ends in recommender.artifacts.artifact_create, which calls
`index_attach`: the IVF-Flat index over the item factors is built there (k-means and the lists,
seconds at 1M titles) and saved with the factors as the model's `index_arrays_`. A serving
process reads it back with `stored_index`: faiss's zero-copy reader over the local copy's
memory-mapped .npy, so the index costs no build and no private memory in any web process
(docs/scale.md, "Artifacts every host can reach"). Same bytes, same lists: its results are
the ones a fresh build with the same seed gives.
"""

from __future__ import annotations

import logging
import time

from recommender.algorithms.als import ImplicitAlsRecommender
from recommender.retrieval.index import AnnIndex, IndexConfig

logger = logging.getLogger(__name__)


def index_attach(model: ImplicitAlsRecommender, config: IndexConfig | None = None) -> float:
    """Build the ANN index over `model`'s item vectors and keep it on the model, as arrays its
    artifact saves (and as the index this process uses); returns the build seconds."""
    started = time.perf_counter()
    index = AnnIndex.build(model.item_vectors(), config)
    model.index_arrays_ = index.to_arrays()
    model.ann_index_ = index  # type: ignore[attr-defined]  # serving_pool's per-model cache
    return time.perf_counter() - started


def stored_index(model: ImplicitAlsRecommender) -> AnnIndex | None:
    """The index saved in `model`'s artifact, read in place; None for an artifact without one
    (trained before the index was stored) or one that does not fit the model's vectors."""
    arrays = getattr(model, "index_arrays_", None)
    if not arrays:
        return None
    try:
        return AnnIndex.from_arrays(arrays, model.item_vectors())
    except (KeyError, ValueError):
        logger.exception("stored ANN index unreadable; building one in this process")
        return None
