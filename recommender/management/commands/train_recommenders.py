"""manage.py train_recommenders: train every served model on what the database holds."""

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from recommender.models import ModelArtifact, TrainingRun
from recommender.training.runs import ALL_ALGORITHMS, DEFAULT_ALGORITHMS, train


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

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_missing"] and ModelArtifact.objects.filter(is_active=True).exists():
            self.stdout.write("Models are trained already (manage.py train_recommenders retrains).")
            return
        names = (
            options["algorithms"].split(",") if options["algorithms"] else list(DEFAULT_ALGORITHMS)
        )
        if options["with_deep"] and not options["algorithms"]:
            names = list(ALL_ALGORITHMS)
        run = TrainingRun.objects.create(algorithms=names)
        started = time.perf_counter()
        artifacts = train(names, run=run)
        for artifact in artifacts:
            self.stdout.write(
                f"  {artifact.algorithm} v{artifact.version}: {artifact.fit_seconds:.1f}s, {artifact.size_bytes / 2**20:.1f} MB"
            )
        if run.error:
            self.stderr.write(run.error)
        self.stdout.write(
            self.style.SUCCESS(
                f"Trained {len(artifacts)}/{len(names)} models in {time.perf_counter() - started:.1f}s."
            )
        )
