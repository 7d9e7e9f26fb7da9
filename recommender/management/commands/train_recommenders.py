"""manage.py train_recommenders: train every served model on what the database holds."""

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from recommender.models import ModelArtifact, TrainingRun
from recommender.training.runs import ALL_ALGORITHMS, DEFAULT_ALGORITHMS, train

BACKENDS = ("local", "spark")


class Command(BaseCommand):
    help = "Train the recommenders (the same code the Celery training tasks run) and promote them."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--algorithms", help=f"comma-separated subset of: {', '.join(ALL_ALGORITHMS)}"
        )
        parser.add_argument(
            "--with-deep", action="store_true", help="also NeuMF and deep content (TensorFlow)"
        )
        parser.add_argument(
            "--if-missing", action="store_true", help="only when no model is active yet (make run)"
        )
        parser.add_argument(
            "--backend",
            choices=BACKENDS,
            default="local",
            help="spark: ALS on Apache Spark (requirements/spark.txt, Java 17; master from "
            "SPARK_MASTER, default local[2]); only with --algorithms als",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_missing"] and ModelArtifact.objects.filter(is_active=True).exists():
            self.stdout.write("Models are trained already (manage.py train_recommenders retrains).")
            return
        names = (
            options["algorithms"].split(",") if options["algorithms"] else list(DEFAULT_ALGORITHMS)
        )
        if options["with_deep"] and not options["algorithms"]:
            names = list(ALL_ALGORITHMS)
        if options["backend"] == "spark":
            self._spark(names)
            return
        run = TrainingRun.objects.create(algorithms=names)
        started = time.perf_counter()
        artifacts = train(names, run=run)
        for artifact in artifacts:
            self._line(artifact)
        if run.error:
            self.stderr.write(run.error)
        self.stdout.write(
            self.style.SUCCESS(
                f"Trained {len(artifacts)}/{len(names)} models in {time.perf_counter() - started:.1f}s."
            )
        )

    def _spark(self, names: list[str]) -> None:
        # Imported here: the Spark modules are for this backend only.
        from recommender.training.spark_als import SparkSettings, spark_available
        from recommender.training.spark_run import SPARK_ALGORITHMS, train_on_spark

        if sorted(names) != sorted(SPARK_ALGORITHMS):
            raise CommandError(
                f"--backend spark trains {', '.join(SPARK_ALGORITHMS)} only: "
                f"pass --algorithms {','.join(SPARK_ALGORITHMS)}"
            )
        missing = spark_available()
        if missing is not None:
            raise CommandError(f"Spark cannot run here: {missing}")
        spark_settings = SparkSettings.from_environment()
        run = TrainingRun.objects.create(algorithms=names)
        started = time.perf_counter()
        artifact = train_on_spark(run=run, spark_settings=spark_settings)
        self._line(artifact)
        self.stdout.write(
            self.style.SUCCESS(
                f"Trained als on Spark ({spark_settings.master}) in "
                f"{time.perf_counter() - started:.1f}s."
            )
        )

    def _line(self, artifact: ModelArtifact) -> None:
        self.stdout.write(
            f"  {artifact.algorithm} v{artifact.version}: {artifact.fit_seconds:.1f}s, {artifact.size_bytes / 2**20:.1f} MB"
        )
