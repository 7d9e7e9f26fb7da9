"""Registry of ranking algorithms: name -> class. Each module is free of Django imports."""

from recommender.algorithms.base import InteractionData, Recommendation, Recommender
from recommender.algorithms.content import ContentRecommender
from recommender.algorithms.deep_content import DeepContentRecommender
from recommender.algorithms.ease import EaseRecommender
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
        NeuMFRecommender,
        LanguagePreferenceRecommender,
        RegionalPreferenceRecommender,
        HybridRecommender,
    )
}


def algorithm_get(name: str) -> type[Recommender]:
    try:
        return ALGORITHMS[name]
    except KeyError:
        raise ValueError(f"unknown algorithm {name!r}; known: {sorted(ALGORITHMS)}") from None


__all__ = ["ALGORITHMS", "InteractionData", "Recommendation", "Recommender", "algorithm_get"]
