"""Priors added to the fallback chain's standardised scores (in standard deviations)."""

from __future__ import annotations

import numpy as np

from recommender.algorithms import names_where
from recommender.algorithms.base import LanguageAffinity, UserProfile, UserState
from recommender.serving.items import ItemMeta
from recommender.serving.registry import registry

LANGUAGE_PRIOR = 1.0  # lift of the user's top language over one they never watch or declared
STANDING_TIEBREAK = 0.1  # lift of the catalogue's most popular title over its least popular
(LANGUAGE_SOURCE,) = names_where(language_prior=True)  # the model whose affinity is the prior


def taste_prior(meta: ItemMeta, state: UserState, cols: np.ndarray | None = None) -> np.ndarray:
    """Added to the personalised scores of a user with history.

    The fused weights are fitted on users whose titles carry collaborative signal. For titles
    nobody else has rated (most regional films), the members tie and say nothing of language, so
    the user's language distribution (decayed history and declared languages, algorithm 8) and
    the title's standing in the catalogue settle the order.
    cols: only these item positions (two-stage serving's pool), else every item.
    """
    popularity = meta.features.popularity if cols is None else meta.features.popularity[cols]
    prior = STANDING_TIEBREAK * popularity / 100.0
    model = registry.get(LANGUAGE_SOURCE)
    if not isinstance(model, LanguageAffinity):
        return prior
    affinity = model.languages_affinity(
        state.profile, meta.features.languages[state.items], state.stamps
    )
    share = dict(zip(model.labels_, affinity / affinity.max(), strict=True))
    codes, inverse = meta.language_index
    by_code = np.array([share.get(c, 0.0) for c in codes])
    return prior + LANGUAGE_PRIOR * by_code[inverse if cols is None else inverse[cols]]


def onboarding_boost(meta: ItemMeta, profile: UserProfile) -> np.ndarray:
    """Cold start: onboarding genres and content types lift matching titles."""
    boost = np.zeros(len(meta.item_ids))
    cols = [meta.genre_slugs.index(g) for g in profile.genres if g in meta.genre_slugs]
    if cols:
        boost += 1.5 * meta.genre_dense[:, cols].sum(axis=1) / len(cols)
    if profile.kinds:
        boost += 0.75 * np.isin(meta.features.kinds, list(profile.kinds))
    return boost
