"""The recommender's handlers in the two registries: experiment events and cached lists."""

import pytest
from django.core.cache import cache

from apps.accounts.tests.factories import UserFactory
from apps.analytics.activity import user_activity_version
from apps.catalog.tests.factories import ContentFactory
from apps.core.tests.merging import run_mover
from recommender import lifecycle
from recommender.models import Experiment, ExperimentEvent, Variant
from recommender.serving.keys import batch_key, list_key
from recommender.serving.types import RecoRequest

pytestmark = pytest.mark.django_db


def _event(user, content):
    experiment = Experiment.objects.get_or_create(name="rows")[0]
    variant = Variant.objects.get_or_create(experiment=experiment, name="a")[0]
    return ExperimentEvent.objects.create(
        experiment=experiment, variant=variant, user=user, content=content, kind="exposure"
    )


def test_experiment_events_are_exported_then_kept_without_the_person():
    user, other = UserFactory(), UserFactory()
    content = ContentFactory()
    _event(user, content)
    _event(other, content)

    exported = lifecycle._export_events(user.pk)
    assert [(e["experiment"], e["variant"], e["content_id"]) for e in exported] == [
        ("rows", "a", content.pk)
    ]

    lifecycle._anonymise_events(user.pk)

    assert ExperimentEvent.objects.count() == 2  # the experiment's counts survive
    assert ExperimentEvent.objects.filter(user__isnull=True).count() == 1
    assert ExperimentEvent.objects.filter(user=other).count() == 1


def test_a_deleted_persons_cached_lists_are_never_served_again(django_capture_on_commit_callbacks):
    user = UserFactory()
    request = RecoRequest()
    listed = list_key(user.pk, request, "home", "en")
    precomputed = batch_key(user.pk)
    cache.set(precomputed, "precomputed", timeout=3600)
    cache.set(listed, "rendered", timeout=3600)
    before = user_activity_version(user.pk)

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle._forget_lists(user.pk)

    assert user_activity_version(user.pk) == before + 2  # now, and once committed
    assert cache.get(precomputed) is None
    assert list_key(user.pk, request, "home", "en") != listed


def test_merge_moves_experiment_events():
    keep, dup = ContentFactory(), ContentFactory()
    _event(UserFactory(), dup)

    run_mover("recommender.ExperimentEvent.content", source=dup, target=keep)

    assert ExperimentEvent.objects.get().content_id == keep.pk
