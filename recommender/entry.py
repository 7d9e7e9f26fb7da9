"""The recommender's entry point for the rest of the product.

`apps.*` import the recommender only through this module (an import-linter contract in
`.importlinter` enforces it): recommendation lists, similar titles and trending, asked with a
`RecoRequest`, answered as API-shaped bodies whose reasons are rendered in the active language;
and, for analytics and curation, the experiment and model records (read, or re-pointed when
curators merge two titles).
"""

from recommender.algorithms.mood import MOODS
from recommender.experiments import wilson
from recommender.models import Experiment, ExperimentEvent, ModelArtifact, TrainingRun
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
    "Experiment",
    "ExperimentEvent",
    "ModelArtifact",
    "RecoRequest",
    "TrainingRun",
    "Visitor",
    "recommendations_for",
    "similar_body",
    "trending_body",
    "versions_tag",
    "wilson",
]
