"""The recommender's entry point for the rest of the product.

`apps.*` import the recommender only through this module (an import-linter contract in
`.importlinter` enforces it): recommendation lists, similar titles and trending, asked with a
`RecoRequest`, answered as API-shaped bodies whose reasons are rendered in the active language.
It offers services and selectors, never ORM models: what lower apps need from the recommender's
tables reaches them through registries the recommender fills at `AppConfig.ready()` (the
experiment rollup, system facts, dashboard blocks, title merges, personal data).
"""

from recommender.algorithms.mood import MOODS
from recommender.serving.keys import versions_tag
from recommender.serving.rerank import Context
from recommender.serving.service import recommendations_for
from recommender.serving.similar import similar_body
from recommender.serving.trending import trending_body
from recommender.serving.types import RecoRequest
from recommender.serving.visitor import Visitor

__all__ = [
    "MOODS",
    "Context",
    "RecoRequest",
    "Visitor",
    "recommendations_for",
    "similar_body",
    "trending_body",
    "versions_tag",
]
