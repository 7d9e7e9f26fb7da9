"""The sets of algorithm names the system uses are derived from the registry's traits. These
tests pin them to what they were when they were eight hand-kept lists (issue 24): the refactor
changes no member, and a new algorithm joins a set only by declaring the trait."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from recommender import algorithms
from recommender.algorithms import (
    ALGORITHMS,
    SERVING_CHAIN,
    FallbackChain,
    Recommender,
    Step,
    names_where,
)
from recommender.algorithms.base import ReusesMembers
from recommender.algorithms.content import ContentRecommender
from recommender.algorithms.ease import EaseRecommender
from recommender.algorithms.hybrid import HybridRecommender
from recommender.algorithms.knn import ItemKnnRecommender
from recommender.algorithms.popularity import PopularityRecommender
from recommender.evaluation.suite import NEEDS_ITEM_FEATURES, RANK_DEFAULT
from recommender.models import Experiment, Variant
from recommender.serving.chain import CF_MEMBERS, CHAIN
from recommender.serving.explain import ANCHORED, BY_LANGUAGE
from recommender.serving.priors import LANGUAGE_SOURCE
from recommender.serving.similar import COLLABORATIVE, SOURCES
from recommender.training.runs import (
    ALL_ALGORITHMS,
    DEFAULT_ALGORITHMS,
    GROUPS,
    SERVING_CONFIGS,
    build,
)

EASE_SERVING = {"dropout": 0.25, "rating_weight": 0.2, "max_items": 6000}


def test_training_sets_are_the_ones_kept_by_hand_before():
    assert GROUPS == {
        "collaborative": ("popularity", "item_knn", "ease", "svd", "als"),
        "content-based": ("content", "language", "regional"),
        "hybrid": ("hybrid",),
        "deep": ("deep_content", "neumf"),  # was neumf first: the registry's order now
    }
    # order matters here: the hybrid comes after the members it reuses
    assert DEFAULT_ALGORITHMS == (
        "popularity", "item_knn", "ease", "svd", "als", "content", "language", "regional",
        "hybrid",
    )  # fmt: skip
    assert set(ALL_ALGORITHMS) == set(DEFAULT_ALGORITHMS) | {"neumf", "deep_content"}
    assert len(ALL_ALGORITHMS) == 11


def test_serving_configs_are_the_ones_kept_by_hand_before():
    assert {n: c for n, c in SERVING_CONFIGS.items() if c} == {
        "popularity": {"half_life_days": 0.0},
        "item_knn": {"k": 50, "shrinkage": 10.0, "centred": False},
        "ease": EASE_SERVING,
        "svd": {"n_factors": 64, "n_epochs": 15},
        "hybrid": {
            "members": (
                ("ease", EASE_SERVING),
                ("session", {"window": 5, "tau_seconds": 30.0}),
                ("content", {}),
                ("language", {}),
                ("popularity", {}),
            ),
            "validation_folds": 1,
        },
        "neumf": {"epochs": 3, "batch_size": 8192},
        "deep_content": {"epochs": 3},
    }
    assert {"content", "language", "regional"} <= set(SERVING_CONFIGS)


def test_serving_sets_are_the_ones_kept_by_hand_before():
    assert CHAIN == ("hybrid", "als", "item_knn", "content", "regional", "popularity")
    assert {s.algorithm for s in SERVING_CHAIN if s.needs_history} == {
        "hybrid",
        "als",
        "item_knn",
        "content",
    }
    assert {"ease", "session", "user_knn", "item_knn", "als"} == CF_MEMBERS
    assert CF_MEMBERS | {"hybrid", "content", "deep_content"} == ANCHORED
    assert {"language", "regional"} == BY_LANGUAGE
    assert SOURCES == (("ease", 1.0), ("item_knn", 0.6), ("content", 0.5))
    assert {n for n, _ in SOURCES if n in COLLABORATIVE} == {"ease", "item_knn"}
    assert LANGUAGE_SOURCE == "language"


def test_evaluation_sets_are_the_ones_kept_by_hand_before():
    assert {"content", "deep_content", "language", "regional"} == NEEDS_ITEM_FEATURES
    assert RANK_DEFAULT == (
        "popularity", "user_knn", "item_knn", "ease", "session", "content",
        "deep_content", "svd", "als", "neumf", "language", "regional", "hybrid",
    )  # fmt: skip


def test_the_fallback_chain_is_built_from_the_algorithms_traits():
    chain = FallbackChain().then(ItemKnnRecommender, "item-based").then(PopularityRecommender)
    assert list(chain) == [
        Step("item_knn", "item-based", needs_history=True),
        Step("popularity", "popularity", needs_history=False),
    ]
    assert len(chain) == 2
    assert "popularity" in chain
    assert "ease" not in chain
    assert chain.choices() == [("item_knn", "item-based"), ("popularity", "popularity")]


def test_then_leaves_the_chain_it_extends_unchanged():
    head = FallbackChain().then(HybridRecommender)
    longer = head.then(ContentRecommender)
    assert head.names == ("hybrid",)
    assert longer.names == ("hybrid", "content")


@pytest.mark.parametrize(
    ("start", "names"),
    [
        (None, ("hybrid", "als", "item_knn", "content", "regional", "popularity")),
        ("", ("hybrid", "als", "item_knn", "content", "regional", "popularity")),
        ("unknown", ("hybrid", "als", "item_knn", "content", "regional", "popularity")),
        ("content", ("content", "regional", "popularity")),
        ("popularity", ("popularity",)),
    ],
)
def test_an_experiment_starts_the_chain_at_its_step(start, names):
    assert SERVING_CHAIN.starting_at(start).names == names


def test_names_where_selects_by_traits_in_registry_order_and_rejects_unknown_ones():
    assert names_where(family="content-based", needs_history=False) == ("language", "regional")
    with pytest.raises(ValueError, match="unknown traits"):
        names_where(colaborative=True)


def test_a_registered_algorithm_joins_the_sets_by_its_traits(monkeypatch):
    class Shadow(ItemKnnRecommender):
        name = "shadow"
        similar_weight = 0.3

    monkeypatch.setitem(ALGORITHMS, "shadow", Shadow)
    assert "shadow" in names_where(collaborative_signal=True, anchors_reasons=True)
    assert "shadow" in names_where(similar_weight=0.3)
    assert issubclass(ALGORITHMS["shadow"], Recommender)


@pytest.mark.django_db
def test_an_experiment_arm_may_start_at_any_step_of_the_chain_and_nowhere_else(monkeypatch):
    field = Variant._meta.get_field("algorithm")
    assert list(field.choices) == [
        ("hybrid", "hybrid"),
        ("als", "factor model"),
        ("item_knn", "item-based"),
        ("content", "content-based"),
        ("regional", "regional popular"),
        ("popularity", "global popular"),
    ]
    assert all(len(name) <= field.max_length for name in SERVING_CHAIN.names)
    experiment = Experiment.objects.create(name="traits")
    Variant(experiment=experiment, name="a", algorithm="regional").full_clean()
    with pytest.raises(ValidationError, match="not a valid choice"):
        Variant(experiment=experiment, name="b", algorithm="ease").full_clean()
    # a step added to the chain is an arm at once, with no migration
    monkeypatch.setattr(algorithms, "SERVING_CHAIN", SERVING_CHAIN.then(EaseRecommender, "ease"))
    Variant(experiment=experiment, name="c", algorithm="ease").full_clean()


@pytest.mark.django_db
def test_the_admin_offers_the_chains_steps_as_an_arms_algorithm(admin_client):
    page = admin_client.get(reverse("admin:recommender_experiment_add"))
    assert page.status_code == 200
    select = re.search(
        r'<select name="variants-0-algorithm".*?</select>', page.content.decode(), re.DOTALL
    )
    assert select is not None
    options = re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', select.group(0))
    assert options == SERVING_CHAIN.choices()


def test_a_training_run_hands_the_hybrid_the_ease_it_trained_alone():
    hybrid, ease = build("hybrid"), build("ease")
    assert isinstance(hybrid, ReusesMembers)
    members = {name: config for name, _, config in hybrid._member_configs()}
    assert members["ease"] == ease.config  # the key a run's fitted models are reused by
