"""Which algorithms each protocol runs, and how each is built for it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from recommender.algorithms import ALGORITHMS, names_where
from recommender.algorithms.base import Recommender
from recommender.algorithms.knn import ItemKnnRecommender, KnnConfig, UserKnnRecommender
from recommender.algorithms.rating_blend import MEMBERS, RatingBlendConfig, RatingBlendPredictor
from recommender.algorithms.svd import SvdConfig, SvdRecommender

NEEDS_ITEM_FEATURES = frozenset(names_where(needs_item_features=True))

RANK_DEFAULT = tuple(ALGORITHMS)
RANK_FACTORIES: dict[str, Callable[[], Recommender]] = {
    name: ALGORITHMS[name] for name in ALGORITHMS
}
# "ease" chooses its lambda on validation data cut from the training rows; "ease_l500" is the
# protocol's peer (Steck's lambda 500, fixed) for a side-by-side row on any split.
RANK_FACTORIES["ease_l500"] = lambda: ALGORITHMS["ease"](ALGORITHMS["ease"].Config(l2=500.0))
RANK_FACTORIES["dlae"] = lambda: ALGORITHMS["ease"](
    ALGORITHMS["ease"].Config(dropout=0.25, rating_weight=0.2)
)

RATING_DEFAULT = ("svd", "svdpp", "user_knn", "item_knn", "rating_blend")
RATING_FACTORIES: dict[str, Callable[[], Any]] = {
    "svd": lambda: SvdRecommender(SvdConfig()),
    "svdpp": lambda: SvdRecommender(SvdConfig(variant="svdpp", n_factors=20)),
    "user_knn": lambda: UserKnnRecommender(KnnConfig(k=40, shrinkage=100.0)),
    "item_knn": lambda: ItemKnnRecommender(KnnConfig(k=40, shrinkage=100.0)),
    "rating_blend": RatingBlendPredictor,
    # Without SVD++ (the slowest member by far) for large rating sets.
    "rating_blend_fast": lambda: RatingBlendPredictor(
        RatingBlendConfig(members=tuple(m for m in MEMBERS if m != "svdpp"))
    ),
}
