"""Two-stage serving carries its pool explicitly (O(pool) per request, issue 25); what it serves
must be what the catalogue-length path served for the same pool. `old_recommend` below is that
path as it was (commit d53ac61: the request's mask over every title, the hybrid's pool scores
spread over the catalogue with -inf elsewhere, standardised and given the taste prior over the
catalogue, then the pool found again with isfinite), kept here as the reference."""

from dataclasses import replace

import numpy as np
import pytest
from django.conf import settings
from django.core.cache import cache

from apps.accounts.models import Rating
from apps.accounts.tests.factories import UserFactory
from apps.catalog.models import Content
from apps.ott.models import Platform
from apps.ott.tests.factories import AvailabilityFactory
from recommender.algorithms.als import ImplicitAlsRecommender
from recommender.algorithms.hybrid import HybridRecommender
from recommender.retrieval.pool_scores import fold_in_columns, has_neighbours
from recommender.retrieval.serving_pool import candidate_pool, stats_sample
from recommender.serving import rerank, retrieve
from recommender.serving.availability import allowed_mask
from recommender.serving.chain import score_user, standardise_finite
from recommender.serving.engine import _filters, recommend
from recommender.serving.explain import ReasonMaker
from recommender.serving.items import item_meta, user_state
from recommender.serving.priors import taste_prior
from recommender.serving.registry import registry
from recommender.serving.rerank import Context
from recommender.serving.types import RecoRequest
from recommender.tests.api.conftest import trained, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def old_mask(meta, request: RecoRequest) -> np.ndarray:
    return rerank.candidate_mask(
        meta,
        kinds=request.kinds,
        languages=request.languages,
        genres=request.genres,
        exclude=None,
        allowed=allowed_mask(meta.item_ids, request),
    )


def old_recommend(user, request: RecoRequest) -> tuple[list[tuple], str]:
    """(items as (content id, score, reason), retrieval path) the way d53ac61 served them."""
    hybrid, als = registry.get("hybrid"), registry.get("als")
    assert isinstance(hybrid, HybridRecommender)
    assert isinstance(als, ImplicitAlsRecommender)
    meta = item_meta(np.asarray(hybrid.item_ids_))
    state = user_state(user, meta, request.visitor)
    mask = old_mask(meta, request)
    narrow = None if mask.all() else np.flatnonzero(mask)
    pool = candidate_pool(als, state.items, int(settings.TWO_STAGE_POOL), allowed=narrow)
    assert pool is not None
    total, members = hybrid.fold_in_pool(state, pool.columns, stats_sample(hybrid))
    n, weights = len(meta.item_ids), hybrid.weights()
    raw = np.full(n, -np.inf)
    raw[pool.columns] = total
    contributions = {}
    for name, values in members.items():
        contributions[name] = np.zeros(n)
        contributions[name][pool.columns] = weights[name] * values
    whole = standardise_finite(raw) + taste_prior(meta, state)
    # engine._recommend_pool as it was
    cols = np.flatnonzero(np.isfinite(whole))
    sub = meta.take(cols)
    scores = whole[cols]
    keep = old_mask(sub, request) & ~np.isin(cols, state.items)
    mood_fit = None
    if request.mood:
        scores, mood_fit = rerank.apply_mood(scores, sub, request.mood)
    boost, context_why = rerank.context_boost(sub, request.context)
    scores = scores + (boost if request.mood is None else 0.25 * boost)
    scores = np.where(keep & np.isfinite(scores), scores, -np.inf)
    finite = np.flatnonzero(np.isfinite(scores))
    ranked = finite[np.argsort(-scores[finite], kind="stable")]
    ranked = ranked[: max(request.k * 5, 100) if request.diversity > 0 else request.k]
    chosen = rerank.mmr(ranked, scores[ranked], sub, request.k, request.diversity)
    full_fit = None
    if mood_fit is not None:
        full_fit = np.zeros(n)
        full_fit[cols] = mood_fit
    why = {}
    for code, which in context_why.items():
        why[code] = np.zeros(n, dtype=bool)
        why[code][cols] = which
    reasons = ReasonMaker(
        meta, state, contributions, mood=request.mood, mood_fit=full_fit, context_why=why
    )
    items = [
        (int(sub.item_ids[c]), round(float(scores[c]), 4), reasons.reason(int(cols[c])))
        for c in chosen
    ]
    return items, pool.path


@pytest.fixture
def staged(settings, trained):  # noqa: F811
    settings.TWO_STAGE_MIN_TITLES = 0
    cache.clear()
    return trained


def liker(titles: list[Content]) -> object:
    user = UserFactory()
    Rating.objects.bulk_create([Rating(user=user, content=c, rating=10) for c in titles])
    return user


REQUESTS = [
    RecoRequest(k=5),
    RecoRequest(k=5, languages=["te"]),
    RecoRequest(k=5, languages=["en"]),
    RecoRequest(k=3, kinds=["tv"]),
    RecoRequest(k=5, genres=["romance"]),
    RecoRequest(k=5, mood="feel-good"),
    RecoRequest(k=4, diversity=0.3),
    RecoRequest(k=5, context=Context(hour=23, weekday=5)),
    RecoRequest(k=5, languages=["te"], mood="thrilling", diversity=0.5),
]


@pytest.mark.parametrize("pool_size", [8, 20])
@pytest.mark.parametrize("listed", [retrieve.LISTED, 0.0])  # 0: every filter searched, kept
@pytest.mark.parametrize("request_", REQUESTS)
def test_pooled_serving_returns_what_the_catalogue_length_path_returned(
    staged, settings, monkeypatch, pool_size, listed, request_
):
    settings.TWO_STAGE_POOL = pool_size
    monkeypatch.setattr(retrieve, "LISTED", listed)
    user = liker(staged["b"][:3] + staged["a"][:2])

    expected, _ = old_recommend(user, request_)
    result = recommend(user, request_)  # type: ignore[arg-type]

    assert result.retrieval is not None
    assert result.retrieval["stage"] == "two-stage"
    assert len(expected) > 0
    assert [(i.content_id, i.score, i.reason) for i in result.items] == expected


def test_the_path_is_the_one_the_allowed_set_gave_before(staged, settings):
    settings.TWO_STAGE_POOL = 20
    user = liker(staged["b"][:5])
    for request, path in ((RecoRequest(k=5, languages=["te"]), "exact"), (RecoRequest(), "ann")):
        _, old_path = old_recommend(user, request)
        scored = score_user(user, allowed=_filters(request))  # type: ignore[arg-type]
        assert scored.retrieval is not None
        assert scored.retrieval["path"] == old_path == path


def test_platform_and_hidden_filters_match_the_old_path(staged, settings):
    settings.TWO_STAGE_POOL = 8
    aha = Platform.objects.get(slug="aha")
    for content in staged["a"][2:8]:
        AvailabilityFactory(content=content, platform=aha)
    Content.objects.filter(pk=staged["a"][3].pk).update(hidden=True)
    cache.clear()
    user = liker(staged["b"][:5])
    for request in (RecoRequest(k=5, platforms=("aha",), country="IN"), RecoRequest(k=8)):
        expected, _ = old_recommend(user, request)
        got = recommend(user, request)  # type: ignore[arg-type]
        assert [(i.content_id, i.score, i.reason) for i in got.items] == expected
        assert staged["a"][3].pk not in [i.content_id for i in got.items]


def test_filters_that_leave_nothing_serve_an_empty_list(staged):
    user = liker(staged["b"][:5])
    for request in (
        RecoRequest(k=5, languages=["te"], genres=["comedy"]),  # no Telugu comedy
        RecoRequest(k=5, languages=["xx"]),
        RecoRequest(k=5, platforms=("aha",), country="IN"),  # nothing on aha
    ):
        result = recommend(user, request)  # type: ignore[arg-type]
        assert result.items == []
        assert result.algorithm == "hybrid"
        assert result.retrieval is not None
        assert result.retrieval["pool"] == 0


@pytest.mark.parametrize(
    "name", ["item_knn", "session", "ease", "content", "popularity", "language"]
)
def test_member_columns_are_the_members_fold_in_at_those_columns(staged, name):
    hybrid = registry.get("hybrid")
    assert isinstance(hybrid, HybridRecommender)
    model = dict(hybrid.members_).get(name) or registry.get(name)
    assert model is not None
    meta = item_meta(np.asarray(hybrid.item_ids_))
    state = user_state(liker(staged["b"][:3] + staged["a"][:2]), meta)  # type: ignore[arg-type]
    cols = np.array([7, 3, 3, 24, 0, 11, 7])  # unsorted, with repeats (pool + sample overlap)
    whole = np.asarray(model.fold_in(state), dtype=np.float64)  # type: ignore[attr-defined]
    assert np.ptp(whole) > 0  # the user's titles give this member something to say
    assert np.array_equal(fold_in_columns(model, state, cols), whole[cols])


@pytest.mark.parametrize("name", ["item_knn", "session"])
def test_has_neighbours_reads_what_the_whole_fold_in_shows(staged, name):
    hybrid = registry.get("hybrid")
    assert isinstance(hybrid, HybridRecommender)
    model = dict(hybrid.members_).get(name) or registry.get(name)
    assert model is not None
    meta = item_meta(np.asarray(hybrid.item_ids_))
    state = user_state(liker(staged["b"][:3]), meta)  # type: ignore[arg-type]
    fold_in_columns(model, state, np.arange(3))  # the first pool scoring prepares item-kNN
    whole = np.asarray(model.fold_in(state))  # type: ignore[attr-defined]
    assert has_neighbours(model, state) == bool(np.ptp(whole) > 1e-9)
    assert has_neighbours(model, state)
    nobody = replace(state, items=np.empty(0, np.int64), values=np.empty(0), stamps=np.empty(0))
    assert not has_neighbours(model, nobody)
