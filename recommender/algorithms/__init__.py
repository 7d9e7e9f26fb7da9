"""Registry of ranking algorithms: name -> class. Each module is free of Django imports.

Adding an algorithm: its module (a Recommender subclass declaring its traits, see base.py) and
one line in ALGORITHMS. Every set of names the rest of the system uses (training groups, the
chain's needs, reasons, similar-title sources, the evaluation's needs) is derived from here.
"""

from typing import Any

from recommender.algorithms.als import ImplicitAlsRecommender
from recommender.algorithms.base import InteractionData, Recommendation, Recommender
from recommender.algorithms.content import ContentRecommender
from recommender.algorithms.deep_content import DeepContentRecommender
from recommender.algorithms.ease import EaseRecommender
from recommender.algorithms.fallback import FallbackChain, Step
from recommender.algorithms.hybrid import HybridRecommender
from recommender.algorithms.knn import ItemKnnRecommender, UserKnnRecommender
from recommender.algorithms.neumf import NeuMFRecommender
from recommender.algorithms.popularity import PopularityRecommender
from recommender.algorithms.preferences import (
    LanguagePreferenceRecommender,
    RegionalPreferenceRecommender,
)
from recommender.algorithms.session import SessionRecommender
from recommender.algorithms.svd import SvdRecommender

ALGORITHMS: dict[str, type[Recommender]] = {
    cls.name: cls
    for cls in (
        PopularityRecommender,
        UserKnnRecommender,
        ItemKnnRecommender,
        EaseRecommender,
        SessionRecommender,
        ContentRecommender,
        DeepContentRecommender,
        SvdRecommender,
        ImplicitAlsRecommender,
        NeuMFRecommender,
        LanguagePreferenceRecommender,
        RegionalPreferenceRecommender,
        HybridRecommender,
    )
}


# Serving tries these in turn for a user (recommender/serving/chain.py); the labels name the
# experiment arms that start the chain at a step (Variant.algorithm). The factor model (ALS)
# right after the hybrid: it answers when the hybrid is missing or fails (at 1M titles the
# hybrid may not be trained at all), and a Spark-trained ALS is served through it.
SERVING_CHAIN = (
    FallbackChain()
    .then(HybridRecommender)
    .then(ImplicitAlsRecommender, "factor model")
    .then(ItemKnnRecommender, "item-based")
    .then(ContentRecommender, "content-based")
    .then(RegionalPreferenceRecommender, "regional popular")
    .then(PopularityRecommender, "global popular")
)


def names_where(**traits: Any) -> tuple[str, ...]:
    """Names of the registered algorithms whose traits have these values, in registry order:
    names_where(collaborative_signal=True)."""
    unknown = [t for t in traits if t not in Recommender.TRAITS]
    if unknown:
        raise ValueError(f"unknown traits: {unknown}")
    return tuple(
        name
        for name, cls in ALGORITHMS.items()
        if all(getattr(cls, t) == v for t, v in traits.items())
    )


def fallback_choices() -> list[tuple[str, str]]:
    """The experiment arms: where the fallback chain may start (Variant.algorithm's choices)."""
    return SERVING_CHAIN.choices()


def algorithm_get(name: str) -> type[Recommender]:
    try:
        return ALGORITHMS[name]
    except KeyError:
        raise ValueError(f"unknown algorithm {name!r}; known: {sorted(ALGORITHMS)}") from None


__all__ = [
    "ALGORITHMS",
    "SERVING_CHAIN",
    "FallbackChain",
    "InteractionData",
    "Recommendation",
    "Recommender",
    "Step",
    "algorithm_get",
    "fallback_choices",
    "names_where",
]
