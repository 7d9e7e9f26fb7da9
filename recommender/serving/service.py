"""The serving service: a user's recommendation list as an API body, with the per-user cache,
experiment assignment, the batch precompute and exposure logging.

The body's reasons are rendered in the language active for the request (Django's translation
machinery); cached lists are keyed by that language, so one language's text is never served
to another.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.cache import cache

from apps.accounts.models import User
from recommender import experiments
from recommender.serving.availability import without_hidden
from recommender.serving.batch import precomputed
from recommender.serving.bodies import result_body
from recommender.serving.engine import recommend
from recommender.serving.keys import list_key
from recommender.serving.reasons import active_language
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
) -> dict[str, Any]:
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
        return result_body(recommend(None, request), request, cached=False, experiment=None)
    key = list_key(user.pk, request, surface, active_language())
    body = cache.get(key)
    if body is not None:
        body = {**body, "meta": {**body["meta"], "cached": True, "experiment": experiment_meta}}
    else:
        result = precomputed(user.pk) if is_default(request) else None
        body = result_body(
            result or recommend(user, request),
            request,
            cached=result is not None,
            experiment=experiment_meta,
        )
        cache.set(key, body, timeout=LIST_TTL)
    body = without_hidden(body)  # cached and precomputed lists predate a curator's hide
    if variant is not None and experiment is not None:
        experiments.log_exposures(
            experiment, variant, user, [i["content"]["id"] for i in body["items"]]
        )
    return body
