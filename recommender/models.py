from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.core.models import BaseModel
from recommender.algorithms import fallback_choices


class TrainingRun(BaseModel):
    """One training job (a Celery task or the train_recommenders command)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    algorithms = models.JSONField(default=list, help_text="algorithm names trained in this run")
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    task_id = models.CharField(max_length=64, blank=True, db_index=True)
    progress = models.JSONField(
        default=dict, blank=True, help_text="per algorithm: state and seconds"
    )
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"run {self.pk} {self.status}"


def artifact_storage() -> Storage:
    """Where artifact files live (STORAGES["artifacts"]: the database by default, readable from
    every host; docs/operations.md). A callable, so a deployment switches it without a migration."""
    return storages["artifacts"]


class ModelArtifact(BaseModel):
    """One trained model version: the .npz file plus what it was trained on and how well it did.

    The file (the compressed transfer form) sits in shared storage; each host unpacks it once
    into its local cache and memory-maps it (recommender/artifact_cache.py)."""

    run = models.ForeignKey(
        TrainingRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="artifacts"
    )
    algorithm = models.CharField(max_length=32)
    version = models.PositiveIntegerField()
    format_version = models.PositiveSmallIntegerField()
    parameters = models.JSONField(help_text="the algorithm's configuration")
    config_hash = models.CharField(max_length=64)
    data_snapshot = models.JSONField(
        help_text="users, items, interactions, newest interaction time"
    )
    metrics = models.JSONField(default=dict, blank=True)
    file = models.FileField(upload_to="recommender/", storage=artifact_storage, max_length=255)
    checksum = models.CharField(
        max_length=64,
        blank=True,
        help_text="SHA-256 of the file, checked by every host that loads it",
    )
    size_bytes = models.PositiveBigIntegerField(default=0)
    fit_seconds = models.FloatField(default=0.0)
    trained_at = models.DateTimeField()
    is_active = models.BooleanField(default=False)

    class Meta:
        ordering = ["algorithm", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["algorithm", "version"], name="artifact_unique_version"
            ),
            models.UniqueConstraint(
                fields=["algorithm"], condition=Q(is_active=True), name="artifact_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.algorithm} v{self.version}{' (active)' if self.is_active else ''}"


class ArtifactChunk(models.Model):
    """One piece of a file in the database artifact storage (recommender/artifact_store.py)."""

    name = models.CharField(max_length=255)
    seq = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "seq"], name="artifactchunk_unique_seq")
        ]

    def __str__(self) -> str:
        return f"{self.name}#{self.seq}"


class Experiment(BaseModel):
    """An A/B test of recommendation variants, defined by curators in the admin."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=False)
    conversion_window_days = models.PositiveSmallIntegerField(default=7)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="experiment_one_active"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Variant(models.Model):
    """One arm: an algorithm (where the fallback chain starts) plus request parameters."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(max_length=50)
    # Where the chain starts: its steps, read from the registry when a form asks (no migration
    # when the chain changes).
    algorithm = models.CharField(max_length=16, choices=fallback_choices, default="hybrid")
    parameters = models.JSONField(default=dict, blank=True, help_text='e.g. {"diversity": 0.3}')
    weight = models.PositiveIntegerField(
        default=1, help_text="traffic share relative to the other variants"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["experiment", "name"], name="variant_unique_name"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="variant_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.experiment.name}/{self.name}"


class ExperimentEvent(models.Model):
    """Exposures (an item shown) and clicks, per variant; conversions are derived from the
    interaction log (watchlist or rating of an exposed title within the window)."""

    class Kind(models.TextChoices):
        EXPOSURE = "exposure", "Exposure"
        CLICK = "click", "Click"

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="events")
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="events")
    # A deleted account's events stay, anonymous, so finished experiments keep their counts.
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiment_events",
    )
    content = models.ForeignKey(
        "catalog.Content", on_delete=models.CASCADE, related_name="experiment_events"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["experiment", "variant", "kind"], name="expevent_variant_kind"),
            models.Index(fields=["user", "content", "created_at"], name="expevent_user_content"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id}:{self.content_id}"
