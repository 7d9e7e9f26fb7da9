import pytest

from recommender.algorithms.ease import EaseConfig, EaseRecommender
from recommender.artifacts import artifact_create, artifact_load, model_activate
from recommender.models import ModelArtifact
from recommender.tests.data import checkerboard

pytestmark = pytest.mark.django_db


def test_each_save_is_a_new_version_and_only_the_newest_is_active():
    data = checkerboard()
    model = EaseRecommender(EaseConfig(l2=10.0)).fit(data)

    first = artifact_create(model=model, data=data, metrics={"ndcg": 0.5}, fit_seconds=0.1)
    second = artifact_create(model=model, data=data)

    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.is_active is False
    assert second.is_active is True
    assert second.data_snapshot == {
        "users": 20,
        "items": 20,
        "interactions": 180,
        "newest_interaction": pytest.approx(1_600_000_000 + 86400 * 19 + 60 * 18),
    }
    assert second.size_bytes > 0
    assert second.parameters == {
        "l2": 10.0,
        "l2_per_interaction": 0.0,
        "dropout": 0.0,
        "rating_weight": 0.0,
        "max_items": 0,
    }


def test_loaded_artifact_recommends_like_the_trained_model():
    data = checkerboard()
    model = EaseRecommender(EaseConfig(l2=10.0)).fit(data)
    artifact = artifact_create(model=model, data=data)

    restored = artifact_load(ModelArtifact.objects.get(pk=artifact.pk))

    assert restored.recommend(user_id=5, n=3) == model.recommend(user_id=5, n=3)


def test_rollback_by_activating_an_older_version():
    data = checkerboard()
    model = EaseRecommender().fit(data)
    old = artifact_create(model=model, data=data)
    artifact_create(model=model, data=data)

    model_activate(artifact=old)

    assert list(ModelArtifact.objects.filter(is_active=True).values_list("version", flat=True)) == [
        1
    ]
