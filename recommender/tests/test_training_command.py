import pytest
from django.core.management import call_command

from recommender.models import ModelArtifact
from recommender.tests.api.conftest import world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_train_recommenders_trains_and_promotes_every_default_model(world, capsys):  # noqa: F811
    call_command("train_recommenders")

    active = set(ModelArtifact.objects.filter(is_active=True).values_list("algorithm", flat=True))
    assert active == {
        "popularity",
        "item_knn",
        "ease",
        "svd",
        "als",
        "content",
        "language",
        "regional",
        "hybrid",
    }
    assert "Trained 9/9 models" in capsys.readouterr().out


def test_if_missing_skips_when_models_exist(world, capsys):  # noqa: F811
    call_command("train_recommenders", algorithms="popularity")
    call_command("train_recommenders", if_missing=True)
    assert ModelArtifact.objects.count() == 1
    assert "trained already" in capsys.readouterr().out
