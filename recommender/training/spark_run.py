"""A training run of ALS on Spark: the local ALS's configuration as Spark names it, the factors
from recommender.training.spark_als, and the same artifact a local fit writes (through
`ImplicitAlsRecommender.from_factors` and recommender.storage), promoted the same way.

`manage.py train_recommenders --backend spark --algorithms als` runs it; the web process never
imports this module (pyspark is imported only once Spark starts).
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import TYPE_CHECKING

from django.utils import timezone

from recommender.algorithms.als import AlsConfig, ImplicitAlsRecommender
from recommender.algorithms.base import InteractionData
from recommender.artifact_prune import prune_after_training
from recommender.artifacts import artifact_create
from recommender.data import interaction_data
from recommender.models import ModelArtifact, TrainingRun
from recommender.training.runs import build
from recommender.training.spark_als import (
    SparkAlsParams,
    SparkFactors,
    SparkSettings,
    fit_factors,
)

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

logger = logging.getLogger(__name__)
SPARK_ALGORITHMS = ("als",)


def spark_config(config: AlsConfig) -> AlsConfig:
    """The configuration as Spark MLlib trains it: confidence 1 + alpha (Spark's c = 1 + alpha r
    with r = 1 for every signal) and the regularisation scaled by each user's signals (ALS-WR).
    Saved with the artifact, so fold-in solves the same user step Spark did."""
    return replace(config, confidence_offset=1.0, scale_regularization=True)


def spark_params(config: AlsConfig, *, seed: int = 0) -> SparkAlsParams:
    return SparkAlsParams(
        rank=config.factors,
        reg_param=config.regularization,
        alpha=config.alpha,
        max_iter=config.iterations,
        seed=seed,
    )


def serving_als_config() -> AlsConfig:
    """The configuration the local ALS is trained with for serving (training/runs.py)."""
    config = build("als").config
    assert isinstance(config, AlsConfig)
    return config


def als_on_spark(
    data: InteractionData,
    config: AlsConfig | None = None,
    *,
    seed: int = 0,
    session: SparkSession | None = None,
    spark_settings: SparkSettings | None = None,
) -> tuple[ImplicitAlsRecommender, SparkFactors]:
    """A fitted ALS model whose factors Spark computed, rows in `data`'s user and item order."""
    chosen = spark_config(config or serving_als_config())
    factors = fit_factors(
        data.binary(),
        spark_params(chosen, seed=seed),
        session=session,
        spark_settings=spark_settings,
    )
    model = ImplicitAlsRecommender.from_factors(
        user_ids=data.user_ids,
        item_ids=data.item_ids,
        user_factors=factors.user_factors,
        item_factors=factors.item_factors,
        seen=data.matrix,
        config=chosen,
    )
    return model, factors


def train_on_spark(
    *,
    run: TrainingRun | None = None,
    data: InteractionData | None = None,
    config: AlsConfig | None = None,
    spark_settings: SparkSettings | None = None,
    activate: bool = True,
) -> ModelArtifact:
    """Train ALS on Spark from what the database holds, save and (by default) promote it.
    `config` defaults to the local ALS's serving configuration."""
    chosen = spark_settings or SparkSettings.from_environment()
    if run is not None:
        run.status, run.started_at = TrainingRun.Status.RUNNING, timezone.now()
        run.progress = {"als": {"state": "running", "backend": "spark"}}
        run.save(update_fields=["status", "started_at", "progress", "updated_at"])
    started = time.perf_counter()
    try:
        if data is None:
            data = interaction_data()
            started = time.perf_counter()  # fit_seconds, as for a local fit: not the loading
        model, factors = als_on_spark(data, config, spark_settings=chosen)
    except Exception as exc:
        if run is not None:
            run.status, run.error, run.finished_at = (
                TrainingRun.Status.FAILED,
                str(exc),
                timezone.now(),
            )
            run.progress = {"als": {"state": "failed", "backend": "spark", "error": str(exc)}}
            run.save(update_fields=["status", "error", "finished_at", "progress", "updated_at"])
        raise
    seconds = time.perf_counter() - started
    metrics = {
        "fit_seconds": round(seconds, 2),
        "backend": "spark",
        "spark_master": chosen.master,
        "spark_fit_seconds": round(factors.fit_seconds, 2),
        "jvm_peak_rss_mb": None
        if factors.jvm_peak_rss_bytes is None
        else round(factors.jvm_peak_rss_bytes / 2**20),
    }
    artifact = artifact_create(
        model=model, data=data, metrics=metrics, fit_seconds=seconds, run=run, activate=activate
    )
    if run is not None:
        run.status, run.finished_at = TrainingRun.Status.SUCCEEDED, timezone.now()
        run.progress = {"als": {"state": "done", "backend": "spark", "seconds": round(seconds, 2)}}
        run.save(update_fields=["status", "finished_at", "progress", "updated_at"])
    logger.info("trained als on Spark (%s) in %.1fs", chosen.master, seconds)
    prune_after_training()
    return artifact
