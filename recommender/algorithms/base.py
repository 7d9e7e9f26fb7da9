"""The contract every algorithm implements. No Django imports in this package: plain arrays in and out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

import numpy as np
from scipy import sparse


@dataclass(frozen=True)
class ItemFeatures:
    """Side information per item column, aligned with InteractionData.item_ids.

    genres: (n_items, n_genres) 0/1 matrix; languages: ISO 639-1 code per item ("" unknown);
    kinds: movie/tv/anime per item; years: release year (0 unknown); text: overview/keywords;
    popularity: an external popularity prior (e.g. IMDb votes), 0 when unknown.
    """

    genres: sparse.csr_matrix
    genre_names: tuple[str, ...]
    languages: np.ndarray
    kinds: np.ndarray
    years: np.ndarray
    text: tuple[str, ...]
    popularity: np.ndarray
    titles: tuple[str, ...] = ()

    @property
    def n_items(self) -> int:
        return int(self.genres.shape[0])


@dataclass(frozen=True)
class UserProfile:
    """What a user told us (onboarding/profile) and where they are; used as priors."""

    languages: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    country: str = ""
    region: str = ""


@dataclass(frozen=True)
class InteractionData:
    """User x item ratings (explicit values; >0 means an interaction) plus the id vocabularies.

    timestamps, when given, has the same sparsity as matrix (seconds since the epoch).
    """

    user_ids: np.ndarray
    item_ids: np.ndarray
    matrix: sparse.csr_matrix
    timestamps: sparse.csr_matrix | None = None
    item_features: ItemFeatures | None = None
    user_profiles: Mapping[int, UserProfile] = field(default_factory=dict)  # by user row

    @property
    def n_users(self) -> int:
        return int(self.matrix.shape[0])

    @property
    def n_items(self) -> int:
        return int(self.matrix.shape[1])

    def binary(self) -> sparse.csr_matrix:
        """Implicit view: 1.0 wherever the user interacted."""
        out = self.matrix.copy().astype(np.float32)
        out.data[:] = 1.0
        return out


@dataclass(frozen=True)
class UserState:
    """A user as of now, for real-time scoring: item columns, their values (1-10 ratings or list
    signals) and times (epoch seconds), plus what they told us."""

    items: np.ndarray
    values: np.ndarray
    stamps: np.ndarray
    profile: UserProfile | None = None

    @property
    def empty(self) -> bool:
        return len(self.items) == 0


@dataclass(frozen=True, slots=True)
class Recommendation:
    item_id: int
    score: float


Family = Literal["collaborative", "content-based", "hybrid", "deep"]
FAMILIES: tuple[Family, ...] = ("collaborative", "content-based", "hybrid", "deep")


class Recommender(ABC):
    """fit() on InteractionData, then score users by row index; recommend() maps ids and excludes.

    Traits: class attributes that say what the rest of the system may do with an algorithm. They
    are read once, when a module builds its sets from the registry (algorithms.names_where), so a
    new algorithm declares them in its own module and is registered with one line:

    - family: its training group (train_recommenders --group): "collaborative" (from everyone's
      interactions, popularity included), "content-based", "hybrid" or "deep" (trained on request).
    - trained: trained and saved as an artifact of its own; False for one that only lives inside
      another model or the evaluation (the session model, user kNN).
    - serving_config: the configuration it is trained with for serving (the evaluated defaults).
    - needs_history: cannot score a user without interactions (the fallback chain skips it then).
    - needs_item_features: cannot fit without ItemFeatures (the evaluation skips it then).
    - collaborative_signal: its scores come from other users' co-occurrence only, so a flat row
      means "no one else has rated this user's titles" (serving passes to the next model).
    - anchors_reasons: when it contributes most to an item, the reason names a title the user
      liked ("because you liked X").
    - language_reasons: when it contributes most, the reason is the user's language.
    - language_prior: serving adds its language affinity (LanguageAffinity) to personalised scores.
    - similar_weight: its weight among the sources of "similar titles" (ScoresSimilarItems); None
      when it is not one.
    """

    name: ClassVar[str]
    format_version: ClassVar[int] = 1
    Config: ClassVar[type]

    family: ClassVar[Family]
    trained: ClassVar[bool] = True
    serving_config: ClassVar[Mapping[str, Any]] = {}
    needs_history: ClassVar[bool] = True
    needs_item_features: ClassVar[bool] = False
    collaborative_signal: ClassVar[bool] = False
    anchors_reasons: ClassVar[bool] = False
    language_reasons: ClassVar[bool] = False
    language_prior: ClassVar[bool] = False
    similar_weight: ClassVar[float | None] = None
    TRAITS: ClassVar[tuple[str, ...]] = (
        "family",
        "trained",
        "serving_config",
        "needs_history",
        "needs_item_features",
        "collaborative_signal",
        "anchors_reasons",
        "language_reasons",
        "language_prior",
        "similar_weight",
    )

    def __init__(self, config: Any | None = None) -> None:
        self.config = config if config is not None else self.Config()
        self.user_index_: Mapping[Any, int] = {}
        self.item_ids_: np.ndarray = np.empty(0, dtype=np.int64)
        self.seen_: sparse.csr_matrix | None = None

    # -- to implement -------------------------------------------------------------------------
    @abstractmethod
    def _fit(self, data: InteractionData, *, seed: int) -> None: ...

    @abstractmethod
    def score_rows(self, rows: np.ndarray) -> np.ndarray:
        """Scores (len(rows), n_items) for users given by row index; higher is better."""

    @abstractmethod
    def get_parameters(self) -> dict[str, np.ndarray]:
        """Learned state as plain arrays (saved with np.savez, loaded with allow_pickle=False)."""

    @abstractmethod
    def load_parameters(self, params: Mapping[str, np.ndarray]) -> None: ...

    @classmethod
    def candidates(cls, config: Any, data: InteractionData) -> list[Any]:
        """The settings to choose among on validation data, ordered along one axis (a grid that
        scales with `data`); [config] when nothing is left to choose."""
        return [config]

    # -- provided -----------------------------------------------------------------------------
    def fit(self, data: InteractionData, *, seed: int = 0) -> Recommender:
        self.user_index_ = {
            uid.item() if hasattr(uid, "item") else uid: i for i, uid in enumerate(data.user_ids)
        }
        self.item_ids_ = np.asarray(data.item_ids)
        self.seen_ = data.binary()
        self._fit(data, seed=seed)
        return self

    def is_fitted(self) -> bool:
        return self.seen_ is not None

    def config_dict(self) -> dict[str, Any]:
        return asdict(self.config)

    def recommend(
        self,
        *,
        user_id: Any,
        n: int = 10,
        exclude_seen: bool = True,
        exclude: set[Any] | None = None,
        candidates: np.ndarray | None = None,
    ) -> list[Recommendation]:
        """Top-n for a known user; [] for an unknown one (callers fall back to another model).

        candidates: optional boolean mask over items allowed in the answer (filters).
        """
        row = self.user_index_.get(user_id)
        if row is None or self.seen_ is None:
            return []
        scores = self.score_rows(np.array([row]))[0].astype(np.float64, copy=True)
        if exclude_seen:
            scores[self.seen_[row].indices] = -np.inf
        return self._top(scores, n, exclude=exclude, candidates=candidates)

    def _top(
        self,
        scores: np.ndarray,
        n: int,
        *,
        exclude: set[Any] | None = None,
        candidates: np.ndarray | None = None,
    ) -> list[Recommendation]:
        if candidates is not None:
            scores = np.where(candidates, scores, -np.inf)
        if exclude:
            mask = np.isin(self.item_ids_, np.asarray(list(exclude)))
            scores = np.where(mask, -np.inf, scores)
        return top_n(scores, n, self.item_ids_)


# -- optional capabilities -------------------------------------------------------------------
# Serving relies on these beyond the Recommender contract; it checks them with isinstance, so a
# model that lacks one is skipped (or falls back) instead of failing at attribute access.


@runtime_checkable
class FoldsIn(Protocol):
    """Scores every item for a user as they are now (their current items), without retraining."""

    def fold_in(self, state: UserState) -> np.ndarray: ...


@runtime_checkable
class ScoresSimilarItems(Protocol):
    """Similarity of every item to the item in column `col` (item-to-item lists)."""

    item_ids_: np.ndarray

    def similar_scores(self, col: int) -> np.ndarray: ...


@runtime_checkable
class WeightedMembers(Protocol):
    """A fusion of member models: one fold-in giving the total and each member's standardised
    scores, and the fitted weight of each member (reasons say which member contributed most)."""

    def fold_in_scored(self, state: UserState) -> tuple[np.ndarray, dict[str, np.ndarray]]: ...

    def weights(self) -> dict[str, float]: ...


@runtime_checkable
class ReusesMembers(Protocol):
    """A fusion that takes members a training run has already fitted on the same data, keyed by
    (name, config), instead of fitting them again."""

    def reuse(
        self, fitted: Mapping[tuple[str, Any], Recommender], data: InteractionData, seed: int
    ) -> None: ...


@runtime_checkable
class LanguageAffinity(Protocol):
    """A user's affinity to each language in `labels_`, from the languages of their titles (and
    when they watched them) plus what they declared."""

    labels_: list[str]

    def languages_affinity(
        self, profile: UserProfile | None, languages: np.ndarray, stamps: np.ndarray
    ) -> np.ndarray: ...


def top_n(scores: np.ndarray, n: int, item_ids: np.ndarray) -> list[Recommendation]:
    """The n best finite scores, best first, ties broken by column order (deterministic)."""
    finite = np.flatnonzero(np.isfinite(scores))
    if finite.size == 0 or n <= 0:
        return []
    k = min(n, finite.size)
    part = finite[np.argpartition(-scores[finite], k - 1)[:k]] if k < finite.size else finite
    order = part[np.lexsort((part, -scores[part]))]
    return [Recommendation(item_id=_plain(item_ids[i]), score=float(scores[i])) for i in order]


ROWS_PER_CHUNK = 256  # rows x a catalogue's columns that stay in cache while they are ranked


def top_n_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the k best scores per row, best first (rows x k). Many rows are ranked
    a chunk at a time on two threads (numpy's partition releases the GIL): a whole matrix at
    once spent most of its time on an n x m negated copy."""
    k = min(k, scores.shape[1])
    if len(scores) <= ROWS_PER_CHUNK:
        return _top_n_chunk(scores, k)
    chunks = [scores[i : i + ROWS_PER_CHUNK] for i in range(0, len(scores), ROWS_PER_CHUNK)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return np.vstack(list(pool.map(partial(_top_n_chunk, k=k), chunks)))


def _top_n_chunk(scores: np.ndarray, k: int) -> np.ndarray:
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    part_scores = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(-part_scores, axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def standardise(scores: np.ndarray) -> np.ndarray:
    """Per-user z-scores: each row of a 2-D array (a 1-D array is one user) minus its mean,
    over its standard deviation (a constant row becomes zeros). Only finite entries count and
    change; -inf (an excluded item) stays -inf. The one standardising rule of the package: the
    hybrid's fusion, the fold-in and serving all go through it."""
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim == 1:
        return standardise(scores[None, :])[0]
    finite = np.isfinite(scores)
    if finite.all():  # on one copy, in place: n x m temporaries cost more than the arithmetic
        out = np.array(scores, dtype=np.float64)
        out -= out.mean(axis=1, keepdims=True)
        std = np.sqrt(np.einsum("ij,ij->i", out, out) / max(out.shape[1], 1))[:, None]
        out /= np.where(std > 0, std, 1.0)
        return out
    values = np.where(finite, scores, 0.0)
    counts = np.maximum(finite.sum(axis=1, keepdims=True), 1)
    mean = values.sum(axis=1, keepdims=True) / counts
    std = np.sqrt((np.where(finite, values - mean, 0.0) ** 2).sum(axis=1, keepdims=True) / counts)
    return np.where(finite, (scores - mean) / np.where(std > 0, std, 1.0), scores)


def standardise_vector(scores: np.ndarray) -> np.ndarray:
    """One user's scores standardised (see standardise)."""
    return standardise(scores)


def pack_csr(matrix: sparse.spmatrix, prefix: str = "") -> dict[str, np.ndarray]:
    """A sparse matrix as the plain arrays get_parameters returns: {prefix}data/indices/indptr/shape."""
    m = sparse.csr_matrix(matrix)
    return {
        f"{prefix}data": m.data,
        f"{prefix}indices": m.indices,
        f"{prefix}indptr": m.indptr,
        f"{prefix}shape": np.array(m.shape),
    }


def unpack_csr(params: Mapping[str, np.ndarray], prefix: str = "") -> sparse.csr_matrix:
    """The inverse of pack_csr."""
    shape = tuple(int(v) for v in params[f"{prefix}shape"])
    return sparse.csr_matrix(
        (params[f"{prefix}data"], params[f"{prefix}indices"], params[f"{prefix}indptr"]),
        shape=shape,
    )


def rows_normalize(matrix: np.ndarray) -> np.ndarray:
    """Scale each row to unit L2 norm (rows of zeros stay zero)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms
