"""An inner-product approximate-nearest-neighbour index over item vectors (faiss IVF-Flat).

Why faiss's inverted-file index and these settings: docs/scale.md, "Two-stage retrieval"
(faiss IVF-Flat, faiss HNSW and usearch HNSW measured at 1M titles, bench/ann.py). The titles
are split into sqrt(N) lists by k-means; a query scans the titles of the `probe_share` of lists
whose centroids have the largest inner product with it, exactly. Files, beside the model artifact:

    <dir>/ann.faiss     the index (centroids and the lists, faiss's format, memory-mapped)
    <dir>/vectors.npy   the same item vectors, float32 (memory-mapped; the exact path scans them)
    <dir>/ann.json      format, size, dimensions and the settings

Stored inside the ALS artifact instead (recommender/retrieval/stored_index.py): `to_arrays()`
gives the index as arrays the artifact keeps (faiss's serialised bytes as uint8 and the
settings as JSON), and `from_arrays()` reads them back without copying: faiss's zero-copy
reader points the inverted lists into the given buffer, which on a serving host is the local
copy's memory-mapped .npy, so every process of the host shares the same pages.

A query asks for k item positions (rows of the vectors). Items a filter does not allow are
skipped inside the search (faiss's IDSelectorBitmap over the probed lists), so it asks for no
more than k plus the user's own titles, which are removed after it; when a filter leaves few
titles, scanning them exactly is cheaper than searching for them (`use_exact`), and a search
that still returns fewer than k allowed items is completed exactly.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from recommender.retrieval.exact import exact_top_k

FORMAT_VERSION = 1
INDEX_FILE, VECTORS_FILE, META_FILE = "ann.faiss", "vectors.npy", "ann.json"
INDEX_ARRAY, META_ARRAY = "index", "meta"  # to_arrays() / from_arrays()
TRAIN_PER_LIST = 64  # k-means training sample per list (faiss warns below 39)


@dataclass(frozen=True)
class IndexConfig:
    """lists: k-means lists (0: round(sqrt(items))); probe_share: share of the lists a query
    scans (128 of 1,000 lists reached recall@10 0.978 at 1M titles, bench/ann.py); threads: faiss's OpenMP
    threads (1 in the web process; deterministic)."""

    lists: int = 0
    probe_share: float = 0.128
    threads: int = 1
    seed: int = 0


def use_exact(allowed: int, k: int, n_items: int) -> bool:
    """True when scanning `allowed` titles exactly costs no more than searching for them: a
    search that keeps only allowed titles must fetch about k x n_items / allowed results to
    keep k, and the scan touches `allowed` vectors, so the scan wins while
    allowed <= sqrt(k x n_items) (3,162 titles for k=10 at 1M; 22,360 for a pool of 500)."""
    return allowed <= math.sqrt(max(k, 1) * n_items)


class AnnIndex:
    """Inner-product top-k over a fixed set of item vectors; positions are the vectors' rows."""

    def __init__(
        self, index: Any, vectors: np.ndarray, config: IndexConfig, buffer: Any = None
    ) -> None:
        self._index = index
        self.vectors = vectors
        self.config = config
        self._buffer = buffer  # the bytes a zero-copy index reads from: kept alive with it

    @property
    def n_items(self) -> int:
        return int(self.vectors.shape[0])

    @property
    def dims(self) -> int:
        return int(self.vectors.shape[1])

    @property
    def probes(self) -> int:
        return max(1, math.ceil(self.config.probe_share * int(self._index.nlist)))

    @classmethod
    def build(cls, vectors: np.ndarray, config: IndexConfig | None = None) -> AnnIndex:
        """Index the rows of `vectors` (items x dims); deterministic for one seed and thread."""
        import faiss

        cfg = config or IndexConfig()
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) == 0:
            raise ValueError("item vectors must be a non-empty 2-D array")
        n, dims = vectors.shape
        lists = min(cfg.lists or max(1, round(math.sqrt(n))), n)
        faiss.omp_set_num_threads(cfg.threads)
        quantizer = faiss.IndexFlatIP(dims)
        index = faiss.IndexIVFFlat(quantizer, dims, lists, faiss.METRIC_INNER_PRODUCT)
        index.cp.seed = cfg.seed
        index.cp.min_points_per_centroid = 1  # small catalogues: no warning, same lists
        sample = min(n, TRAIN_PER_LIST * lists)
        rng = np.random.default_rng(cfg.seed)
        index.train(vectors[np.sort(rng.choice(n, sample, replace=False))])
        index.add(vectors)
        return cls(index, vectors, replace_config(cfg, lists))

    def save(self, directory: Path) -> None:
        import faiss

        directory.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self._index, str(directory / INDEX_FILE))
        np.save(directory / VECTORS_FILE, np.asarray(self.vectors, dtype=np.float32))
        meta = {"format": FORMAT_VERSION, "items": self.n_items, "dims": self.dims}
        (directory / META_FILE).write_text(json.dumps(meta | {"config": asdict(self.config)}))

    @classmethod
    def load(cls, directory: Path, *, mmap: bool = True) -> AnnIndex:
        """The saved index; mmap: map the files read-only (processes share the pages) instead
        of reading them into this process's memory."""
        import faiss

        meta = json.loads((directory / META_FILE).read_text())
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"{directory}: ANN index format {meta.get('format')} is not readable")
        config = IndexConfig(**meta["config"])
        flags = faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY if mmap else 0
        try:
            index = faiss.read_index(str(directory / INDEX_FILE), flags)
        except RuntimeError as exc:
            raise ValueError(f"{directory / INDEX_FILE}: not a faiss index ({exc})") from None
        vectors = np.load(directory / VECTORS_FILE, mmap_mode="r" if mmap else None)
        if vectors.shape != (meta["items"], meta["dims"]) or index.ntotal != meta["items"]:
            raise ValueError(f"{directory}: index and vectors disagree with {META_FILE}")
        faiss.omp_set_num_threads(config.threads)
        return cls(index, vectors, config)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The index as plain arrays for a model artifact: {"index": uint8, "meta": JSON}."""
        import faiss

        meta = {"format": FORMAT_VERSION, "items": self.n_items, "dims": self.dims}
        return {
            INDEX_ARRAY: np.asarray(faiss.serialize_index(self._index), dtype=np.uint8),
            META_ARRAY: np.array(json.dumps(meta | {"config": asdict(self.config)})),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], vectors: np.ndarray) -> AnnIndex:
        """The index `to_arrays()` wrote, over `vectors` (the same rows). Zero-copy: faiss reads
        the lists in place from arrays["index"] (a memory-mapped file stays shared); raises
        ValueError when the arrays are not such an index or disagree with the vectors."""
        import faiss

        meta = json.loads(str(arrays[META_ARRAY]))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"stored ANN index format {meta.get('format')} is not readable")
        blob = np.asarray(arrays[INDEX_ARRAY])
        if blob.dtype != np.uint8 or blob.ndim != 1 or not blob.flags.c_contiguous:
            raise ValueError("a stored ANN index is one contiguous uint8 array")
        if vectors.shape != (meta["items"], meta["dims"]):
            raise ValueError(
                f"stored ANN index covers {meta['items']} x {meta['dims']}, vectors {vectors.shape}"
            )
        reader = faiss.ZeroCopyIOReader(faiss.swig_ptr(blob), blob.nbytes)  # type: ignore[attr-defined]
        try:
            index = faiss.read_index(reader)
        except RuntimeError as exc:
            raise ValueError(f"stored ANN index is not a faiss index ({exc})") from None
        if index.ntotal != meta["items"] or index.d != meta["dims"]:
            raise ValueError("stored ANN index disagrees with its metadata")
        config = IndexConfig(**meta["config"])
        faiss.omp_set_num_threads(config.threads)
        return cls(index, vectors, config, buffer=blob)

    def search(
        self,
        queries: np.ndarray,
        k: int,
        *,
        allowed: np.ndarray | None = None,
        exclude: list[np.ndarray] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(item positions (queries x k), inner products), best first; -1 / -inf pad a row
        that has fewer than k eligible items. allowed: positions a filter leaves (None: all);
        exclude: per query, positions never to return (the user's own titles)."""
        queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        if queries.shape[1] != self.dims:
            raise ValueError(f"query vectors have {queries.shape[1]} dimensions, not {self.dims}")
        excluded = exclude if exclude is not None else [np.empty(0, np.int64)] * len(queries)
        if len(excluded) != len(queries):
            raise ValueError("exclude needs one array per query")
        if allowed is not None and use_exact(len(allowed), k, self.n_items):
            return self._exact(queries, k, np.unique(allowed), excluded)
        return self._approximate(queries, k, allowed, excluded)

    def _approximate(
        self, queries: np.ndarray, k: int, allowed: np.ndarray | None, excluded: list[np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        longest = max((len(e) for e in excluded), default=0)
        depth = min(self.n_items, k + longest)
        import faiss

        params = faiss.SearchParametersIVF()
        params.nprobe = self.probes
        if allowed is not None:  # the filter inside the search: the probed lists' allowed items
            bits = np.zeros(self.n_items, dtype=bool)
            bits[allowed] = True
            bitmap = np.packbits(bits, bitorder="little")  # kept alive until the search returns
            params.sel = faiss.IDSelectorBitmap(self.n_items, faiss.swig_ptr(bitmap))
        _, keys = self._index.search(queries, depth, params=params)
        eligible = keys >= 0
        out_keys = np.full((len(queries), k), -1, dtype=np.int64)
        out_scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
        for q in range(len(queries)):
            row = eligible[q] & ~np.isin(keys[q], excluded[q])
            found = keys[q][row][:k]
            if len(found) < k:  # the probed lists held too few eligible items: complete exactly
                pool = np.arange(self.n_items) if allowed is None else np.unique(allowed)
                exact_keys, exact_scores = self._exact(queries[q : q + 1], k, pool, [excluded[q]])
                out_keys[q], out_scores[q] = exact_keys[0], exact_scores[0]
                continue
            out_keys[q] = found  # best first; the scores are recomputed from the vectors
            out_scores[q] = np.asarray(self.vectors[found]) @ queries[q]
        return out_keys, out_scores

    def _exact(
        self, queries: np.ndarray, k: int, pool: np.ndarray, excluded: list[np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        out_keys = np.full((len(queries), k), -1, dtype=np.int64)
        out_scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
        for q in range(len(queries)):
            columns = np.setdiff1d(pool, excluded[q], assume_unique=False)
            keys, scores = exact_top_k(queries[q : q + 1], self.vectors, k, columns)
            out_keys[q, : keys.shape[1]], out_scores[q, : keys.shape[1]] = keys[0], scores[0]
        return out_keys, out_scores


def replace_config(config: IndexConfig, lists: int) -> IndexConfig:
    """The configuration with the number of lists the index was built with."""
    return IndexConfig(config.lists or lists, config.probe_share, config.threads, config.seed)
