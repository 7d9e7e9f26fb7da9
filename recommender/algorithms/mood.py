"""Mood-based recommendation: a documented mapping from moods to genre weights and tone words,
then re-ranked by the user's own taste.

mood_match(item) = genre part (weighted genres present, normalised) + tone part (share of the
mood's words in the item's overview/keywords); final = (1 - taste_weight) * mood_match +
taste_weight * taste, with taste scaled to [0, 1] per user. Genres with a negative weight push
items away (e.g. horror for "family").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from recommender.algorithms.base import ItemFeatures


@dataclass(frozen=True)
class Mood:
    label: str
    genres: dict[str, float]
    words: tuple[str, ...]


MOODS: dict[str, Mood] = {
    "feel-good": Mood(
        "Feel-good",
        {
            "comedy": 1.0,
            "family": 0.8,
            "romance": 0.6,
            "music": 0.6,
            "musical": 0.6,
            "animation": 0.5,
            "slice-of-life": 0.8,
            "horror": -1.0,
            "war": -0.6,
            "crime": -0.3,
        },
        ("heartwarming", "friendship", "uplifting", "joy", "dream", "love", "hope", "celebrat"),
    ),
    "thrilling": Mood(
        "Thrilling",
        {
            "thriller": 1.0,
            "action": 0.9,
            "crime": 0.7,
            "mystery": 0.6,
            "adventure": 0.5,
            "war": 0.3,
            "family": -0.4,
            "kids": -0.6,
        },
        ("chase", "escape", "heist", "deadly", "race against", "revenge", "conspiracy", "danger"),
    ),
    "romantic": Mood(
        "Romantic",
        {"romance": 1.0, "drama": 0.4, "musical": 0.4, "comedy": 0.3, "horror": -0.8, "war": -0.4},
        ("love", "romance", "marriage", "wedding", "relationship", "heart", "couple"),
    ),
    "dark": Mood(
        "Dark",
        {
            "crime": 0.9,
            "horror": 0.8,
            "thriller": 0.7,
            "psychological": 0.9,
            "film-noir": 1.0,
            "war": 0.5,
            "mystery": 0.5,
            "family": -0.8,
            "kids": -1.0,
            "comedy": -0.4,
        },
        ("murder", "revenge", "dark", "corrupt", "obsession", "killer", "brutal", "war"),
    ),
    "funny": Mood(
        "Funny",
        {"comedy": 1.0, "animation": 0.4, "family": 0.3, "horror": -0.6, "war": -0.6},
        ("comedy", "hilarious", "funny", "prank", "misadventure", "quirky"),
    ),
    "mind-bending": Mood(
        "Mind-bending",
        {
            "science-fiction": 1.0,
            "mystery": 0.8,
            "psychological": 1.0,
            "fantasy": 0.5,
            "thriller": 0.4,
            "supernatural": 0.5,
            "kids": -0.6,
        },
        ("time", "dream", "reality", "memory", "parallel", "twist", "mind", "identity"),
    ),
    "family": Mood(
        "Family",
        {
            "family": 1.0,
            "animation": 0.9,
            "kids": 0.9,
            "adventure": 0.5,
            "comedy": 0.5,
            "fantasy": 0.4,
            "horror": -1.0,
            "crime": -0.6,
            "thriller": -0.5,
            "war": -0.5,
        },
        ("family", "children", "kid", "friendship", "magic", "adventure", "school"),
    ),
}


def mood_match(features: ItemFeatures, mood: str) -> np.ndarray:
    """How well each item fits the mood, in [0, 1]."""
    spec = MOODS[mood]
    names = list(features.genre_names)
    weights = np.array([spec.genres.get(name, 0.0) for name in names], dtype=np.float64)
    genres = features.genres.astype(np.float64)
    n_genres = np.maximum(np.asarray(genres.sum(axis=1)).ravel(), 1.0)
    genre_part = np.asarray(genres @ weights).ravel() / np.sqrt(n_genres)
    tone = np.array(
        [sum(word in text.lower() for word in spec.words) for text in features.text],
        dtype=np.float64,
    )
    tone_part = np.minimum(tone / 3.0, 1.0)
    raw = 0.8 * genre_part + 0.2 * tone_part
    low, high = raw.min(initial=0.0), raw.max(initial=0.0)
    return (raw - low) / (high - low) if high > low else np.zeros_like(raw)


def mood_rerank(
    taste: np.ndarray, features: ItemFeatures, mood: str, taste_weight: float = 0.35
) -> np.ndarray:
    """Blend mood fit with the user's taste scores (any scale; rescaled to [0, 1])."""
    finite = np.isfinite(taste)
    scaled = np.zeros_like(taste, dtype=np.float64)
    if finite.any():
        low, high = taste[finite].min(), taste[finite].max()
        scaled[finite] = (taste[finite] - low) / (high - low) if high > low else 0.5
    out = (1.0 - taste_weight) * mood_match(features, mood) + taste_weight * scaled
    return np.where(finite, out, -np.inf)
