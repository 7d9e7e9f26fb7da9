"""Language preference tracking and regional preference learning.

Language: a user's distribution over original languages, from their interactions with
exponential decay (older interactions count less), blended with declared languages as a
Dirichlet prior: p(l | u) = (decayed_count(u, l) + a * prior(l)) / (decayed_total(u) + a).

Regional: a user's affinity to Indian-regional versus international titles and to each region's
language, a Beta/Dirichlet estimate smoothed toward a location prior (country, then state).

Both rank items by affinity(language of item) x popularity within that language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from apps.core.vocabulary import INDIAN_LANGUAGES, REGION_LANGUAGE
from recommender.algorithms.base import InteractionData, Recommender, UserProfile, UserState


@dataclass(frozen=True)
class PreferenceConfig:
    half_life_days: float = 90.0
    prior_strength: float = 5.0  # pseudo-interactions given to the prior
    declared_share: float = 0.7  # share of the prior put on declared languages


def decayed_weights(data: InteractionData, half_life_days: float) -> sparse.csr_matrix:
    weights = data.binary().astype(np.float64)
    if data.timestamps is not None and data.timestamps.nnz and data.timestamps.data.any():
        stamps = data.timestamps.tocsr()
        age_days = (stamps.data.max() - stamps.data) / 86400.0
        weights.data = np.power(0.5, age_days / half_life_days)
    return weights


def language_matrix(languages: np.ndarray) -> tuple[sparse.csr_matrix, list[str]]:
    labels = sorted({str(v) for v in languages if str(v)})
    index = {code: i for i, code in enumerate(labels)}
    rows = [r for r, code in enumerate(languages) if str(code) in index]
    cols = [index[str(languages[r])] for r in rows]
    return (
        sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(languages), len(labels))),
        labels,
    )


def location_prior(profile: UserProfile | None, labels: list[str], base: np.ndarray) -> np.ndarray:
    """Prior over languages: declared ones, then region, then country, then the catalogue share."""
    prior = base.copy()
    if profile is None:
        return prior
    boost = np.zeros(len(labels))
    region_lang = REGION_LANGUAGE.get(profile.region.strip().lower())
    for code in profile.languages:
        if code in labels:
            boost[labels.index(code)] += 1.0
    if region_lang in labels:
        boost[labels.index(region_lang)] += 0.5
    if profile.country.upper() == "IN" and not boost.any():
        for code in INDIAN_LANGUAGES:
            if code in labels:
                boost[labels.index(code)] += base[labels.index(code)] + 1e-3
    if boost.any():
        prior = 0.3 * prior + 0.7 * boost / boost.sum()
    return prior / prior.sum()


class LanguagePreferenceRecommender(Recommender):
    name = "language"
    family = "content-based"
    needs_history = False
    needs_item_features = True
    language_reasons = True
    language_prior = True
    Config = PreferenceConfig

    def _fit(self, data: InteractionData, *, seed: int) -> None:
        if data.item_features is None:
            raise ValueError("language preference needs item languages")
        onehot, self.labels_ = language_matrix(data.item_features.languages)
        if not self.labels_:
            raise ValueError("language preference needs item languages; none are known")
        weights = decayed_weights(data, self.config.half_life_days)
        counts = np.asarray((weights @ onehot).todense())
        share = np.asarray(onehot.sum(axis=0)).ravel() + 1.0
        base = share / share.sum()
        a = self.config.prior_strength
        priors = np.vstack(
            [
                location_prior(data.user_profiles.get(u), self.labels_, base)
                for u in range(data.n_users)
            ]
        )
        self.affinity_ = ((counts + a * priors) / (counts.sum(axis=1, keepdims=True) + a)).astype(
            np.float32
        )
        self.item_language_ = np.asarray(onehot.argmax(axis=1)).ravel()
        self.item_language_[np.asarray(onehot.sum(axis=1)).ravel() == 0] = -1
        self.item_popularity_ = _popularity_within_language(data, onehot)
        self.base_ = base.astype(np.float32)

    def user_distribution(self, row: int) -> dict[str, float]:
        return dict(zip(self.labels_, self.affinity_[row].round(4).tolist(), strict=True))

    def affinity_for(self, profile: UserProfile | None, counts: Mapping[str, float]) -> np.ndarray:
        """Affinity for an ad-hoc user (cold start / real time): decayed counts by language."""
        a = self.config.prior_strength
        vec = np.array([counts.get(code, 0.0) for code in self.labels_])
        prior = location_prior(profile, self.labels_, self.base_.astype(np.float64))
        return ((vec + a * prior) / (vec.sum() + a)).astype(np.float32)

    def state_affinity(self, state: UserState) -> np.ndarray:
        """Affinity from the user's current interactions (decayed) and profile."""
        known = self.item_language_[state.items] >= 0
        codes = np.array(self.labels_, dtype=object)[self.item_language_[state.items][known]]
        return self.languages_affinity(state.profile, codes, state.stamps[known])

    def languages_affinity(
        self, profile: UserProfile | None, languages: np.ndarray, stamps: np.ndarray
    ) -> np.ndarray:
        """Affinity from the languages of the titles a user interacted with, and when."""
        counts: dict[str, float] = {}
        if len(languages):
            now = float(stamps.max())
            decay = np.power(0.5, (now - stamps) / 86400.0 / self.config.half_life_days)
            for code, weight in zip(languages, decay, strict=True):
                if code:
                    counts[str(code)] = counts.get(str(code), 0.0) + float(weight)
        return self.affinity_for(profile, counts)

    def fold_in(self, state: UserState) -> np.ndarray:
        return self.score_affinity(self.state_affinity(state)).astype(np.float64)

    def score_affinity(self, affinity: np.ndarray) -> np.ndarray:
        lang_aff = np.where(
            self.item_language_ >= 0, affinity[np.maximum(self.item_language_, 0)], 0.0
        )
        return lang_aff * self.item_popularity_

    def score_rows(self, rows: np.ndarray) -> np.ndarray:
        return np.vstack([self.score_affinity(self.affinity_[r]) for r in rows])

    def get_parameters(self) -> dict[str, np.ndarray]:
        return {
            "affinity": self.affinity_,
            "labels": np.array(self.labels_, dtype="U8"),
            "item_language": self.item_language_,
            "item_popularity": self.item_popularity_,
            "base": self.base_,
        }

    def load_parameters(self, params: Mapping[str, np.ndarray]) -> None:
        self.affinity_ = np.asarray(params["affinity"], dtype=np.float32)
        self.labels_ = [str(v) for v in params["labels"]]
        self.item_language_ = np.asarray(params["item_language"])
        self.item_popularity_ = np.asarray(params["item_popularity"], dtype=np.float32)
        self.base_ = np.asarray(params["base"], dtype=np.float32)


def _popularity_within_language(data: InteractionData, onehot: sparse.csr_matrix) -> np.ndarray:
    """Interaction count plus the external popularity prior, scaled to [0, 1] per language."""
    counts = np.asarray(data.binary().sum(axis=0)).ravel().astype(np.float64)
    if data.item_features is not None:
        counts = counts + np.log1p(data.item_features.popularity.astype(np.float64))
    pop = np.log1p(counts)
    out = np.zeros_like(pop)
    lang = np.asarray(onehot.argmax(axis=1)).ravel()
    has = np.asarray(onehot.sum(axis=1)).ravel() > 0
    for code in np.unique(lang[has]):
        mask = has & (lang == code)
        top = pop[mask].max()
        out[mask] = pop[mask] / top if top > 0 else 0.0
    return out.astype(np.float32)


@dataclass(frozen=True)
class RegionalConfig:
    half_life_days: float = 90.0
    prior_strength: float = 4.0
    india_prior: float = 0.8  # prior share of regional titles for a user located in India
    elsewhere_prior: float = 0.1


class RegionalPreferenceRecommender(Recommender):
    """Affinity to regional (Indian-language) vs international titles, times language affinity."""

    name = "regional"
    family = "content-based"
    needs_history = False
    needs_item_features = True
    language_reasons = True
    Config = RegionalConfig

    def _fit(self, data: InteractionData, *, seed: int) -> None:
        if data.item_features is None:
            raise ValueError("regional preference needs item languages")
        self.is_regional_ = np.isin(data.item_features.languages, INDIAN_LANGUAGES)
        weights = decayed_weights(data, self.config.half_life_days)
        regional = np.asarray(weights @ self.is_regional_.astype(np.float64)).ravel()
        total = np.asarray(weights.sum(axis=1)).ravel()
        prior = np.array([self._prior(data.user_profiles.get(u)) for u in range(data.n_users)])
        a = self.config.prior_strength
        self.regional_share_ = ((regional + a * prior) / (total + a)).astype(np.float32)
        self.language_ = LanguagePreferenceRecommender(PreferenceConfig(self.config.half_life_days))
        self.language_.fit(data, seed=seed)

    def _prior(self, profile: UserProfile | None) -> float:
        if profile is None or not profile.country:
            return 0.5
        if profile.country.upper() == "IN" or any(c in INDIAN_LANGUAGES for c in profile.languages):
            return self.config.india_prior
        return self.config.elsewhere_prior

    def state_share(self, state: UserState) -> float:
        """Regional share from the user's current interactions, smoothed toward their location."""
        a = self.config.prior_strength
        regional = float(self.is_regional_[state.items].sum()) if not state.empty else 0.0
        return (regional + a * self._prior(state.profile)) / (len(state.items) + a)

    def fold_in(self, state: UserState) -> np.ndarray:
        return self.regional_score(
            self.state_share(state), self.language_.state_affinity(state)
        ).astype(np.float64)

    def regional_score(self, share: float, language_affinity: np.ndarray) -> np.ndarray:
        side = np.where(self.is_regional_, share, 1.0 - share)
        return side * self.language_.score_affinity(language_affinity)

    def score_rows(self, rows: np.ndarray) -> np.ndarray:
        return np.vstack(
            [
                self.regional_score(float(self.regional_share_[r]), self.language_.affinity_[r])
                for r in rows
            ]
        )

    def get_parameters(self) -> dict[str, np.ndarray]:
        params = {f"language_{k}": v for k, v in self.language_.get_parameters().items()}
        return params | {"regional_share": self.regional_share_, "is_regional": self.is_regional_}

    def load_parameters(self, params: Mapping[str, np.ndarray]) -> None:
        self.regional_share_ = np.asarray(params["regional_share"], dtype=np.float32)
        self.is_regional_ = np.asarray(params["is_regional"], dtype=bool)
        self.language_ = LanguagePreferenceRecommender(PreferenceConfig(self.config.half_life_days))
        self.language_.load_parameters(
            {k.removeprefix("language_"): v for k, v in params.items() if k.startswith("language_")}
        )
