"""The serving service: a user's recommendation list (`Served`, recommender/serving/served.py),
with the per-user cache, experiment assignment, the batch precompute and exposure logging.

The reasons and the cards' where-to-watch are rendered in the language active for the request
(Django's translation machinery); cached lists are keyed by that language, so one language's
text is never served to another.
"""

from __future__ import annotations

from dataclasses import replace

from django.core.cache import cache

from apps.accounts.models import User
from recommender import experiments
from recommender.serving.availability import without_hidden
from recommender.serving.batch import precomputed
from recommender.serving.engine import recommend
from recommender.serving.keys import list_key
from recommender.serving.reasons import active_language
from recommender.serving.served import Served, served_result
from recommender.serving.types import RecoRequest

LIST_TTL = 600


def is_default(request: RecoRequest) -> bool:
    """The request the batch precompute answers ahead of time (from the stored profile: the
    visitor's location only fills what a profile leaves empty)."""
    return (
        request.k <= 50
        and not request.kinds
        and not request.languages
        and not request.genres
        and request.exclude_seen
        and request.diversity == 0
        and request.mood is None
        and request.context.hour is None
        and request.context.weekday is None
        and request.algorithm is None
        and request.platforms is None
    )


def recommendations_for(
    user: User | None, request: RecoRequest, *, surface: str = "user"
) -> Served:
    """Cached per user version, request and language; the default request prefers the batch
    precompute. A running experiment assigns the user a variant and logs the exposures."""
    experiment_meta = None
    experiment = experiments.active_experiment() if user is not None and surface == "user" else None
    variant = (
        experiments.assign(experiment, user.pk)
        if experiment is not None and user is not None
        else None
    )
    if experiment is not None and variant is not None:
        params = {
            k: v for k, v in variant.parameters.items() if k in {"diversity", "k", "exclude_seen"}
        }
        request = replace(request, **params, algorithm=variant.algorithm)
        experiment_meta = {"id": experiment.pk, "name": experiment.name, "variant": variant.name}
    if user is None:
        return served_result(recommend(None, request), request, cached=False, experiment=None)
    key = list_key(user.pk, request, surface, active_language())
    served = cache.get(key)
    if isinstance(served, Served):
        served = replace(served, cached=True, experiment=experiment_meta)
    else:
        result = precomputed(user.pk) if is_default(request) else None
        served = served_result(
            result or recommend(user, request),
            request,
            cached=result is not None,
            experiment=experiment_meta,
        )
        cache.set(key, served, timeout=LIST_TTL)
    served = without_hidden(served)  # cached and precomputed lists predate a curator's hide
    if variant is not None and experiment is not None:
        experiments.log_exposures(experiment, variant, user, [i.content_id for i in served.items])
    return served
