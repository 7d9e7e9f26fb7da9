"""The recommender's entry point for the rest of the product.

`apps.*` import the recommender only through this module (an import-linter contract in
`.importlinter` enforces it): recommendation lists, similar titles and trending, asked with a
`RecoRequest`, answered as API-shaped bodies whose reasons are rendered in the active language.
"""

from recommender.serving.rerank import Context
from recommender.serving.service import recommendations_for
from recommender.serving.similar import similar_body
from recommender.serving.trending import trending_body
from recommender.serving.types import RecoRequest

__all__ = ["Context", "RecoRequest", "recommendations_for", "similar_body", "trending_body"]
