"""Filters, mood, time-of-day context and diversification applied to a score vector."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.preprocessing import normalize

from recommender.algorithms.mood import MOODS, mood_match
from recommender.serving.items import ItemMeta

LATE_NIGHT_GENRES = ("thriller", "horror", "mystery", "crime", "psychological")


@dataclass(frozen=True)
class Context:
    """When the user is asking: hour 0-23 and weekday 0 (Monday) - 6 (Sunday)."""

    hour: int | None = None
    weekday: int | None = None

    @property
    def weekend(self) -> bool:
        return self.weekday in (4, 5, 6) and (self.weekday != 4 or (self.hour or 0) >= 17)

    @property
    def late_night(self) -> bool:
        return self.hour is not None and (self.hour >= 22 or self.hour < 4)

    @property
    def evening(self) -> bool:
        return self.hour is not None and 17 <= self.hour < 22


def candidate_mask(
    meta: ItemMeta,
    *,
    kinds: list[str] | None,
    languages: list[str] | None,
    genres: list[str] | None,
    exclude: np.ndarray | None,
    allowed: np.ndarray | None = None,
) -> np.ndarray:
    """Which items a list may show; `allowed` is a boolean mask over the items (where to watch)."""
    mask = np.ones(len(meta.item_ids), dtype=bool) if allowed is None else allowed.copy()
    if kinds:
        mask &= np.isin(meta.features.kinds, kinds)
    if languages:
        mask &= np.isin(meta.features.languages, languages)
    if genres:
        mask &= meta.genre_mask(genres)
    if exclude is not None and len(exclude):
        mask[exclude] = False
    return mask


def apply_mood(
    scores: np.ndarray, meta: ItemMeta, mood: str, taste_weight: float = 0.35
) -> tuple[np.ndarray, np.ndarray]:
    """(blended scores, mood fit in [0, 1]); taste is the personalised score rescaled to [0, 1]."""
    fit = mood_match(meta.features, mood)
    finite = np.isfinite(scores)
    taste = np.zeros_like(scores)
    if finite.any():
        low, high = scores[finite].min(), scores[finite].max()
        taste[finite] = (scores[finite] - low) / (high - low) if high > low else 0.5
    blended = (1 - taste_weight) * fit + taste_weight * taste
    return np.where(finite, blended, -np.inf), fit


def context_boost(meta: ItemMeta, context: Context) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Additive boosts (in standard deviations) and, per reason code, which items earned them."""
    boost = np.zeros(len(meta.item_ids))
    why: dict[str, np.ndarray] = {}
    kinds = meta.features.kinds
    if context.weekend:
        movie_night = (kinds == "movie") & (meta.runtime >= 90)
        boost += 0.4 * movie_night
        why["weekend_movie_night"] = movie_night
    if context.weekend or context.evening:
        binge = (
            np.isin(kinds, ["tv", "anime"])
            & meta.finished
            & (meta.episodes >= 6)
            & (meta.episodes <= 80)
        )
        boost += 0.4 * binge
        why["binge_worthy"] = binge
    if context.late_night:
        night = meta.genre_mask(LATE_NIGHT_GENRES)
        short = (meta.runtime > 0) & (meta.runtime <= 110) | np.isin(kinds, ["tv", "anime"])
        late = night & short
        boost += 0.5 * late
        why["late_night_pick"] = late
    return boost, why


def item_vectors(meta: ItemMeta, columns: np.ndarray) -> np.ndarray:
    """Genre, language and kind as one normalised vector per item (for MMR similarity)."""
    genres = meta.genre_dense[columns].astype(np.float64)
    langs = meta.features.languages[columns]
    kinds = meta.features.kinds[columns]
    lang_vocab = sorted(set(langs))
    kind_vocab = sorted(set(kinds))
    lang = np.array([[1.0 if lv == code else 0.0 for code in lang_vocab] for lv in langs]).reshape(
        len(columns), -1
    )
    kind = np.array([[1.0 if kv == code else 0.0 for code in kind_vocab] for kv in kinds]).reshape(
        len(columns), -1
    )
    return normalize(np.hstack([genres, 0.7 * lang, 0.5 * kind]))


def mmr(
    columns: np.ndarray, scores: np.ndarray, meta: ItemMeta, k: int, diversity: float
) -> np.ndarray:
    """Maximal marginal relevance (Carbonell & Goldstein 1998): relevance minus similarity to
    what is already chosen, weighted by `diversity` in [0, 1]."""
    if diversity <= 0 or len(columns) <= 1:
        return columns[:k]
    vectors = item_vectors(meta, columns)
    relevance = scores.astype(np.float64)
    spread = relevance.max() - relevance.min()
    relevance = (relevance - relevance.min()) / spread if spread > 0 else np.ones_like(relevance)
    chosen: list[int] = []
    max_sim = np.zeros(len(columns))
    available = np.ones(len(columns), dtype=bool)
    for _ in range(min(k, len(columns))):
        value = (1 - diversity) * relevance - diversity * max_sim
        value[~available] = -np.inf
        pick = int(np.argmax(value))
        chosen.append(pick)
        available[pick] = False
        max_sim = np.maximum(max_sim, vectors @ vectors[pick])
    return columns[chosen]


def known_moods() -> list[str]:
    return sorted(MOODS)
