"""Which reason each recommended item gets, from what contributed most to its score."""

from __future__ import annotations

import numpy as np

from recommender.algorithms import names_where
from recommender.algorithms.base import UserState
from recommender.serving.items import ItemMeta
from recommender.serving.reasons import Reason

ANCHORED = frozenset(names_where(anchors_reasons=True))  # "because you liked X"
BY_LANGUAGE = frozenset(names_where(language_reasons=True))  # "popular with people like you"


class ReasonMaker:
    """One reason code per item: mood, time context, a liked title, language, genres, popularity.

    `meta` and the user's titles are over the catalogue; `contributions`, `mood_fit` and
    `context_why` are over what was ranked (the catalogue, or two-stage serving's pool), read at
    `reason`'s `slot`."""

    def __init__(
        self,
        meta: ItemMeta,
        state: UserState,
        contributions: dict[str, np.ndarray],
        *,
        mood: str | None,
        mood_fit: np.ndarray | None,
        context_why: dict[str, np.ndarray],
    ) -> None:
        self.meta, self.state, self.contributions = meta, state, contributions
        self.mood, self.mood_fit, self.context_why = mood, mood_fit, context_why
        self.liked = (
            state.items[np.argsort(-state.values, kind="stable")]
            if not state.empty
            else np.empty(0, np.int64)
        )

    def reason(self, col: int, slot: int | None = None) -> Reason:
        """The reason for the item at position `col` of meta; slot: its position in the ranked
        arrays (`col` when the whole catalogue was ranked)."""
        at = col if slot is None else slot
        if self.mood and self.mood_fit is not None and self.mood_fit[at] >= 0.5:
            return Reason("mood_match", {"mood": self.mood})
        for code, which in self.context_why.items():
            if which[at]:
                return Reason(code)
        language = str(self.meta.features.languages[col])
        if self.contributions:
            top = max(self.contributions, key=lambda m: float(self.contributions[m][at]))
            if top in ANCHORED:
                anchor = self._anchor(col)
                if anchor:
                    return Reason("because_you_liked", {"title": anchor})
            if top in BY_LANGUAGE and not self.state.empty:
                return Reason("popular_with_people_like_you", {"language": language})
        profile = self.state.profile
        if profile is not None and self.state.empty and profile.genres:
            liked = [g for g in profile.genres if g in self._genres(col)]
            if liked:
                return Reason("popular_in_your_genres", {"language": language, "genres": liked[:2]})
        return (
            Reason("popular_in_language", {"language": language})
            if language
            else Reason("popular_now")
        )

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
