"""Old artifact versions are pruned: bytes, rows and local copies; never the active one."""

from __future__ import annotations

import pytest

from recommender.algorithms.ease import EaseRecommender
from recommender.algorithms.popularity import PopularityRecommender
from recommender.artifact_cache import local_path, materialise
from recommender.artifact_prune import artifacts_prune
from recommender.artifacts import artifact_create, model_activate
from recommender.models import ArtifactChunk, ModelArtifact
from recommender.tasks import prune_artifacts
from recommender.tests.data import checkerboard
from recommender.training.runs import train

pytestmark = pytest.mark.django_db


def versions(algorithm: str) -> list[int]:
    rows = ModelArtifact.objects.filter(algorithm=algorithm).order_by("version")
    return list(rows.values_list("version", flat=True))


def saved(count: int, cls: type = EaseRecommender) -> list[ModelArtifact]:
    data = checkerboard()
    model = cls().fit(data)
    return [artifact_create(model=model, data=data) for _ in range(count)]


def test_the_newest_versions_stay_and_older_ones_lose_their_bytes_and_rows():
    artifacts = saved(6)
    old_names = [a.file.name for a in artifacts[:3]]

    result = artifacts_prune(keep=3)

    assert result.versions == {"ease": [3, 2, 1]}
    assert versions("ease") == [4, 5, 6]
    assert not ArtifactChunk.objects.filter(name__in=old_names).exists()
    assert ArtifactChunk.objects.filter(name=artifacts[-1].file.name).exists()


def test_an_older_active_version_a_rollback_chose_is_never_pruned():
    artifacts = saved(5)
    model_activate(artifact=artifacts[0])  # rolled back to v1

    artifacts_prune(keep=2)

    assert versions("ease") == [1, 4, 5]
    assert ModelArtifact.objects.get(algorithm="ease", is_active=True).version == 1


def test_each_algorithm_keeps_its_own_newest_versions():
    saved(3)
    saved(2, PopularityRecommender)

    result = artifacts_prune(keep=1)

    assert result.versions == {"ease": [2, 1], "popularity": [1]}
    assert versions("ease") == [3]
    assert versions("popularity") == [2]


def test_this_hosts_copies_of_pruned_versions_go_and_the_kept_ones_stay(settings):
    artifacts = saved(3)
    for artifact in artifacts:
        materialise(artifact)

    result = artifacts_prune(keep=2)

    assert [p.name for p in result.local_copies] == [local_path(artifacts[0]).name]
    assert not local_path(artifacts[0]).exists()
    assert local_path(artifacts[1]).exists()
    assert local_path(artifacts[2]).exists()


def test_the_setting_decides_how_many_stay_and_must_keep_one(settings):
    saved(4)
    settings.ARTIFACT_KEEP_VERSIONS = 2
    assert prune_artifacts() == {"versions": {"ease": [2, 1]}, "local_copies": []}
    settings.ARTIFACT_KEEP_VERSIONS = 0
    with pytest.raises(ValueError, match="at least 1"):
        artifacts_prune()


def test_a_training_run_prunes_when_it_is_done(settings):
    settings.ARTIFACT_KEEP_VERSIONS = 1
    data = checkerboard()
    saved(2, PopularityRecommender)

    train(["popularity"], data=data)

    assert versions("popularity") == [3]
