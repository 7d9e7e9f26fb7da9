"""Spark trains a model the web serves (issue 25): 5M SYNTHETIC signals on PostgreSQL, ALS on
Spark local[2], the artifact saved (with its ANN index) and promoted, the recommendations API
answering from it: meta.algorithm "als" and the model's own top 10, not a fallback's list.

Runs in `make test-services` (PostgreSQL, pyspark and Java); skipped elsewhere with the reason,
or failed when CINEREC_REQUIRE_SPARK=1 (.ci/run). Measured on 2 shared cores: 387 s alone at a
load average of about 14, and 188 s for the three Spark test files together at about 10-12
(docs/scale.md, "Spark"): generating and loading the 5M signals, then a small
ALS (16 factors, 3 iterations: the test checks the path; docs/scale.md times the serving
configuration).
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.models import User
from recommender.models import ModelArtifact, TrainingRun
from recommender.synthetic import SyntheticConfig
from recommender.synthetic_store import handle, write_database
from recommender.training.spark_als import SparkSettings, spark_available

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# 100k users x 10k titles at 84 signals a user on average: 5,038,974 signals for seed 0.
FIVE_MILLION = SyntheticConfig(n_users=100_000, n_items=10_000, mean_per_user=84.0, seed=0)


def _require_spark_and_postgresql() -> None:
    reason = spark_available()
    if reason is None and connection.vendor != "postgresql":
        reason = "SYNTHETIC data loads with COPY: needs PostgreSQL (DATABASE_URL=postgres://...)"
    if reason is None:
        return
    if os.environ.get("CINEREC_REQUIRE_SPARK") and connection.vendor == "postgresql":
        pytest.fail(f"Spark is required here: {reason}")
    pytest.skip(reason)


def test_spark_trained_als_is_saved_promoted_and_served(monkeypatch: pytest.MonkeyPatch) -> None:
    _require_spark_and_postgresql()
    from recommender.algorithms.als import AlsConfig, ImplicitAlsRecommender
    from recommender.data import interaction_data
    from recommender.retrieval.stored_index import stored_index
    from recommender.serving import priors
    from recommender.serving.registry import registry
    from recommender.training.spark_run import train_on_spark

    written = write_database(FIVE_MILLION, trust_references=True)
    assert written.interactions >= 5_000_000
    data = interaction_data()
    assert data.matrix.nnz > 4_500_000  # a rating and a favourite of one title count once
    run = TrainingRun.objects.create(algorithms=["als"])
    config = AlsConfig(factors=16, iterations=3, regularization=0.05, alpha=2.0)
    artifact = train_on_spark(
        run=run, data=data, config=config, spark_settings=SparkSettings(master="local[2]")
    )

    run.refresh_from_db()
    assert run.status == TrainingRun.Status.SUCCEEDED
    assert artifact.is_active
    assert ModelArtifact.objects.get(algorithm="als", is_active=True) == artifact
    assert artifact.metrics["backend"] == "spark"
    assert artifact.data_snapshot["interactions"] == data.matrix.nnz

    # The web's registry loads it like any artifact: the factors of every user and title.
    served = registry.get("als")
    assert isinstance(served, ImplicitAlsRecommender)
    assert served.config.confidence_offset == 1.0
    assert served.config.scale_regularization
    assert served.user_factors_.shape == (data.n_users, 16)
    assert served.item_factors_.shape == (data.n_items, 16)
    np.testing.assert_array_equal(served.item_ids_, data.item_ids)
    trained_rows = np.diff(data.matrix.indptr) > 0
    assert np.abs(served.user_factors_[trained_rows]).sum(axis=1).min() > 0

    # The index was built at training and is served from the artifact, not rebuilt here.
    assert artifact.metrics["index_seconds"] >= 0
    assert served.index_arrays_
    assert stored_index(served) is not None

    # A synthetic user asks the API for recommendations: the Spark-trained ALS answers (the
    # factor model step; no hybrid was trained), not a fallback, and the list is the model's
    # own top 10 of the titles the user has not seen. The catalogue-standing tie-break is
    # switched off so that the order is the model's alone (no language model: no other prior).
    monkeypatch.setattr(priors, "STANDING_TIEBREAK", 0.0)
    user = User.objects.get(username=handle(0))
    client = APIClient()
    client.force_authenticate(user=user)
    response = client.post(reverse("ml-api:user", args=[user.pk]), {"k": 10}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["meta"]["algorithm"] == "als"
    assert body["meta"]["model_versions"]["als"] == artifact.pk
    assert [f["algorithm"] for f in body["meta"]["fallbacks"]] == ["hybrid"]
    seen = data.matrix[data.user_ids.searchsorted(user.pk)].indices
    scores = served.item_vectors() @ served.user_vector(seen)
    scores[seen] = -np.inf
    expected = data.item_ids[np.argsort(-scores, kind="stable")[:10]].tolist()
    assert [item["content"]["id"] for item in body["items"]] == expected


def test_spark_backend_trains_als_only() -> None:
    with pytest.raises(CommandError, match="--algorithms als"):
        call_command("train_recommenders", "--backend", "spark")
    with pytest.raises(CommandError, match="--algorithms als"):
        call_command("train_recommenders", "--backend", "spark", "--algorithms", "als,ease")
    assert not TrainingRun.objects.exists()


def test_spark_backend_says_why_spark_cannot_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "recommender.training.spark_als.spark_available", lambda: "no Java runtime (test)"
    )
    with pytest.raises(CommandError, match="no Java runtime"):
        call_command("train_recommenders", "--backend", "spark", "--algorithms", "als")
    assert not TrainingRun.objects.exists()
