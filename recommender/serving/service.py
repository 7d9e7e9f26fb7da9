"""The serving service: a user's recommendation list (`Served`, recommender/serving/served.py),
with the per-user cache, experiment assignment, the batch precompute and exposure logging.

The reasons and the cards' where-to-watch are rendered in the language active for the request
(Django's translation machinery); cached lists are keyed by that language, so one language's
text is never served to another.

A request is answered in three steps that callers may take one by one (the API caches the
rendered JSON of a warm list under the plan's key, recommender/api/rendered.py): `plan` (the
experiment's variant and the list's cache key, no list read), `listed` (the list from the cache,
else the batch precompute, else the engine) and `exposures_log` (a running experiment's
exposures). `recommendations_for` takes all three, with the hidden-titles filter in between.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.core.cache import cache

from apps.accounts.models import User
from recommender import experiments
from recommender.models import Experiment, Variant
from recommender.serving.availability import without_hidden
from recommender.serving.batch import precomputed
from recommender.serving.engine import recommend
from recommender.serving.keys import list_key
from recommender.serving.reasons import active_language
from recommender.serving.served import Served, served_result
from recommender.serving.types import RecoRequest

LIST_TTL = 600


@dataclass(frozen=True)
class Plan:
    """What one request resolves to before any list is read: the request as the user's
    experiment variant changes it, and the cached list's key (None for a visitor: not cached)."""

    user: User | None
    request: RecoRequest
    key: str | None
    experiment: Experiment | None = None
    variant: Variant | None = None
    experiment_meta: dict[str, object] | None = None


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


def plan(user: User | None, request: RecoRequest, *, surface: str = "user") -> Plan:
    """A running experiment assigns a signed-in user a variant (on the `user` surface); the key
    follows the user's activity version, the model versions, the request and the language."""
    experiment = experiments.active_experiment() if user is not None and surface == "user" else None
    variant = (
        experiments.assign(experiment, user.pk)
        if experiment is not None and user is not None
        else None
    )
    meta = None
    if experiment is not None and variant is not None:
        params = {
            k: v for k, v in variant.parameters.items() if k in {"diversity", "k", "exclude_seen"}
        }
        request = replace(request, **params, algorithm=variant.algorithm)
        meta = {"id": experiment.pk, "name": experiment.name, "variant": variant.name}
    key = list_key(user.pk, request, surface, active_language()) if user is not None else None
    return Plan(user, request, key, experiment, variant, meta)


def listed(plan: Plan) -> Served:
    """The plan's list as cached (before the hidden-titles filter): from the per-user cache,
    else the batch precompute (default requests), else the engine, which then fills the cache."""
    if plan.user is None or plan.key is None:
        return served_result(
            recommend(None, plan.request), plan.request, cached=False, experiment=None
        )
    served = cache.get(plan.key)
    if isinstance(served, Served):
        return replace(served, cached=True, experiment=plan.experiment_meta)
    result = precomputed(plan.user.pk) if is_default(plan.request) else None
    served = served_result(
        result or recommend(plan.user, plan.request),
        plan.request,
        cached=result is not None,
        experiment=plan.experiment_meta,
    )
    cache.set(plan.key, served, timeout=LIST_TTL)
    return served


def exposures_log(plan: Plan, content_ids: list[int]) -> None:
    """A running experiment's exposures: one row per title shown (nothing without one)."""
    if plan.user is not None and plan.experiment is not None and plan.variant is not None:
        experiments.log_exposures(plan.experiment, plan.variant, plan.user, content_ids)


def recommendations_for(
    user: User | None, request: RecoRequest, *, surface: str = "user"
) -> Served:
    """Cached per user version, request and language; the default request prefers the batch
    precompute. A running experiment assigns the user a variant and logs the exposures."""
    planned = plan(user, request, surface=surface)
    served = without_hidden(listed(planned))  # cached and precomputed lists predate a hide
    exposures_log(planned, [i.content_id for i in served.items])
    return served
