"""Recommendations for a user: the fallback chain, fusion, re-ranking and reasons.

Chain: hybrid -> item-based -> content-based -> regional popular -> global popular. A model
that is missing, fails, or cannot score this user (no interactions for the collaborative ones)
passes to the next, and the response says which one served and why the others did not.
Scores are computed from the user's current ratings and lists (fold-in), so a rating changes
the very next answer without retraining.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from apps.accounts.models import User
from apps.catalog.models import Content
from apps.core.vocabulary import language_name
from recommender.algorithms.base import Recommender, UserProfile, UserState, standardise_vector
from recommender.algorithms.mood import MOODS
from recommender.serving import rerank
from recommender.serving.items import ItemMeta, item_meta, user_state
from recommender.serving.registry import registry

logger = logging.getLogger(__name__)
CHAIN = ("hybrid", "item_knn", "content", "regional", "popularity")
NEEDS_HISTORY = {"hybrid", "item_knn", "content"}
CF_MEMBERS = {"ease", "session", "user_knn", "item_knn"}
LANGUAGE_PRIOR = 1.0  # lift of the user's top language over one they never watch or declared
STANDING_TIEBREAK = 0.1  # lift of the catalogue's most popular title over its least popular


@dataclass(frozen=True)
class RecoRequest:
    k: int = 20
    kinds: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    genres: list[str] = field(default_factory=list)
    exclude_seen: bool = True
    diversity: float = 0.0
    mood: str | None = None
    context: rerank.Context = field(default_factory=rerank.Context)
    algorithm: str | None = None  # force a starting point (experiments)


@dataclass
class RecoItem:
    content_id: int
    score: float
    reason: str


@dataclass
class RecoResult:
    items: list[RecoItem]
    algorithm: str
    fallbacks: list[dict[str, str]]
    model_versions: dict[str, int]


def _scores(
    name: str, model: Recommender, state: UserState
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    if name == "hybrid":
        total, members = model.fold_in_scored(state)  # type: ignore[attr-defined]
        weights = model.weights()  # type: ignore[attr-defined]
        return total, {m: weights[m] * s for m, s in members.items()}
    scores = model.fold_in(state)  # type: ignore[attr-defined]
    return scores, {name: standardise_vector(scores)}


def _align(scores: np.ndarray, from_ids: np.ndarray, meta: ItemMeta) -> np.ndarray:
    """Scores over another model's vocabulary, mapped onto meta's (missing items score -inf)."""
    if len(from_ids) == len(meta.item_ids) and np.array_equal(from_ids, meta.item_ids):
        return scores
    out = np.full(len(meta.item_ids), -np.inf)
    pos = np.searchsorted(from_ids, meta.item_ids)
    pos = np.minimum(pos, len(from_ids) - 1)
    found = from_ids[pos] == meta.item_ids
    out[found] = scores[pos[found]]
    return out


def _base_vocabulary() -> np.ndarray | None:
    for name in CHAIN:
        model = registry.get(name)
        if model is not None:
            return np.asarray(model.item_ids_)
    return None


def score_user(
    user: User | None, request: RecoRequest
) -> tuple[ItemMeta, UserState, np.ndarray, dict[str, np.ndarray], str, list[dict[str, str]]]:
    """Walk the chain; returns item metadata, the user's state, scores, contributions, the algorithm
    that served and the fallbacks taken."""
    vocabulary = _base_vocabulary()
    if vocabulary is None:
        ids = np.array(
            sorted(Content.objects.filter(is_adult=False).values_list("id", flat=True)),
            dtype=np.int64,
        )
        meta = item_meta(ids)
        popular = _standardise_finite(meta.features.popularity.astype(np.float64))
        return (
            meta,
            user_state(user, meta),
            popular,
            {},
            "catalog-popular",
            [{"algorithm": n, "reason": "no trained model"} for n in CHAIN],
        )
    meta = item_meta(vocabulary)
    state = user_state(user, meta)
    chain = list(CHAIN)
    if request.algorithm and request.algorithm in chain:
        chain = chain[chain.index(request.algorithm) :]
    fallbacks: list[dict[str, str]] = []
    for name in chain:
        if name in NEEDS_HISTORY and state.empty:
            fallbacks.append({"algorithm": name, "reason": "no interactions yet (cold start)"})
            continue
        model = registry.get(name)
        if model is None:
            fallbacks.append({"algorithm": name, "reason": "model not trained or not loadable"})
            continue
        try:
            raw, contributions = _scores(name, model, state)
        except Exception as exc:  # a broken model must not break the endpoint
            logger.exception("serving with %s failed", name)
            fallbacks.append({"algorithm": name, "reason": f"failed: {type(exc).__name__}"})
            continue
        if not _collaborative_signal(contributions):
            fallbacks.append(
                {"algorithm": name, "reason": "no one else has rated this user's titles yet"}
            )
            continue
        ids = np.asarray(model.item_ids_)
        scores = _align(np.asarray(raw, dtype=np.float64), ids, meta)
        contributions = {m: _align(c, ids, meta) for m, c in contributions.items()}
        scores = _standardise_finite(scores)
        if state.empty and state.profile is not None:
            scores = scores + _onboarding_boost(meta, state.profile)
        elif not state.empty:
            scores = scores + _taste_prior(meta, state)
        return meta, state, scores, contributions, name, fallbacks
    return (
        meta,
        state,
        _standardise_finite(meta.features.popularity.astype(np.float64)),
        {},
        "catalog-popular",
        fallbacks,
    )


def _collaborative_signal(contributions: dict[str, np.ndarray]) -> bool:
    """False when every collaborative member scores all items alike for this user: their titles
    co-occur with nothing, and the fused weights, fitted where they do, do not apply."""
    collaborative = [c[np.isfinite(c)] for m, c in contributions.items() if m in CF_MEMBERS]
    return not collaborative or any(len(c) and np.ptp(c) > 1e-9 for c in collaborative)


def _standardise_finite(scores: np.ndarray) -> np.ndarray:
    finite = np.isfinite(scores)
    out = np.full(len(scores), -np.inf)
    if finite.any():
        out[finite] = standardise_vector(scores[finite])
    return out


def _taste_prior(meta: ItemMeta, state: UserState) -> np.ndarray:
    """Added to the personalised scores (in standard deviations) of a user with history.

    The fused weights are fitted on users whose titles carry collaborative signal. For titles
    nobody else has rated (most regional films), the members tie and say nothing of language, so
    the user's language distribution (decayed history and declared languages, algorithm 8) and
    the title's standing in the catalogue settle the order.
    """
    prior = STANDING_TIEBREAK * meta.features.popularity / 100.0
    model = registry.get("language")
    if model is None:
        return prior
    affinity = model.languages_affinity(  # type: ignore[attr-defined]
        state.profile, meta.features.languages[state.items], state.stamps
    )
    share = dict(zip(model.labels_, affinity / affinity.max(), strict=True))  # type: ignore[attr-defined]
    codes, inverse = meta.language_index
    return prior + LANGUAGE_PRIOR * np.array([share.get(c, 0.0) for c in codes])[inverse]


def _onboarding_boost(meta: ItemMeta, profile: UserProfile) -> np.ndarray:
    """Cold start: onboarding genres and content types lift matching titles (in standard deviations)."""
    boost = np.zeros(len(meta.item_ids))
    cols = [meta.genre_slugs.index(g) for g in profile.genres if g in meta.genre_slugs]
    if cols:
        boost += 1.5 * meta.genre_dense[:, cols].sum(axis=1) / len(cols)
    if profile.kinds:
        boost += 0.75 * np.isin(meta.features.kinds, list(profile.kinds))
    return boost


def recommend(user: User | None, request: RecoRequest) -> RecoResult:
    meta, state, scores, contributions, algorithm, fallbacks = score_user(user, request)
    exclude = state.items if request.exclude_seen else None
    mask = rerank.candidate_mask(
        meta,
        kinds=request.kinds,
        languages=request.languages,
        genres=request.genres,
        exclude=exclude,
    )
    mood_fit = None
    if request.mood:
        scores, mood_fit = rerank.apply_mood(scores, meta, request.mood)
    boost, context_why = rerank.context_boost(meta, request.context)
    scores = scores + (boost if request.mood is None else 0.25 * boost)
    scores = np.where(mask & np.isfinite(scores), scores, -np.inf)
    pool_size = max(request.k * 5, 100) if request.diversity > 0 else request.k
    finite = np.flatnonzero(np.isfinite(scores))
    if len(finite) == 0:
        return RecoResult([], algorithm, fallbacks, dict(registry.active_versions()))
    if len(finite) > pool_size:
        finite = finite[np.argpartition(-scores[finite], pool_size - 1)[:pool_size]]
    pool = finite[np.argsort(-scores[finite], kind="stable")]
    chosen = rerank.mmr(pool, scores[pool], meta, request.k, request.diversity)
    reasons = ReasonMaker(meta, state, contributions, algorithm, request, mood_fit, context_why)
    items = [
        RecoItem(int(meta.item_ids[c]), round(float(scores[c]), 4), reasons.reason(int(c)))
        for c in chosen
    ]
    return RecoResult(items, algorithm, fallbacks, dict(registry.active_versions()))


class ReasonMaker:
    """A short human reason per item, from what contributed most to its score."""

    def __init__(
        self,
        meta: ItemMeta,
        state: UserState,
        contributions: dict[str, np.ndarray],
        algorithm: str,
        request: RecoRequest,
        mood_fit: np.ndarray | None,
        context_why: dict[str, np.ndarray],
    ) -> None:
        self.meta, self.state, self.contributions = meta, state, contributions
        self.algorithm, self.request, self.mood_fit, self.context_why = (
            algorithm,
            request,
            mood_fit,
            context_why,
        )
        self.liked = (
            state.items[np.argsort(-state.values, kind="stable")]
            if not state.empty
            else np.empty(0, np.int64)
        )

    def reason(self, col: int) -> str:
        if self.request.mood and self.mood_fit is not None and self.mood_fit[col] >= 0.5:
            return f"matches your mood: {MOODS[self.request.mood].label.lower()}"
        for why, which in self.context_why.items():
            if which[col]:
                return why
        if self.contributions:
            top = max(self.contributions, key=lambda m: float(self.contributions[m][col]))
            if top in CF_MEMBERS or top in ("hybrid", "content", "deep_content"):
                anchor = self._anchor(col)
                if anchor:
                    return f"because you liked {anchor}"
            if top in ("language", "regional") and not self.state.empty:
                return f"popular in {language_name(str(self.meta.features.languages[col]))} with people like you"
        language = language_name(str(self.meta.features.languages[col]))
        profile = self.state.profile
        if profile is not None and self.state.empty and profile.genres:
            liked = [g for g in profile.genres if g in self._genres(col)]
            if liked:
                where = f" in {language}" if language else ""
                return f"popular{where} and one of your genres: {', '.join(liked[:2])}"
        return f"popular in {language}" if language else "popular right now"

    def _genres(self, col: int) -> set[str]:
        return {self.meta.genre_slugs[g] for g in np.flatnonzero(self.meta.genre_dense[col])}

    def _anchor(self, col: int) -> str:
        """The title among the user's best-rated ones that shares the most with this item."""
        if not len(self.liked):
            return ""
        candidates = self.liked[:30]
        genres = self.meta.genre_dense
        overlap = (genres[candidates] & genres[col]).sum(axis=1)
        same_lang = self.meta.features.languages[candidates] == self.meta.features.languages[col]
        best = candidates[int(np.argmax(overlap + 0.5 * same_lang))]
        return self.meta.features.titles[best]


BRIEF_FIELDS = ("id", "kind", "title", "original_language", "year", "poster_url", "rating")


def content_brief(ids: list[int]) -> dict[int, dict[str, Any]]:
    """The short card of each title, in two plain queries (no model instances: every list
    computed for a user pays for this)."""
    briefs = {
        row["id"]: {**row, "genres": []}
        for row in Content.objects.filter(pk__in=ids).values(*BRIEF_FIELDS)
    }
    pairs = (
        Content.genres.through.objects.filter(content_id__in=list(briefs))
        .order_by("genre__name")
        .values_list("content_id", "genre__slug")
    )
    for content_id, slug in pairs:
        briefs[content_id]["genres"].append(slug)
    return briefs
