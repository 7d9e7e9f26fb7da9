from django.conf import settings
from django.db import models

from apps.core.models import BaseModel


class ImportFormat(models.TextChoices):
    IMDB = "imdb", "IMDb ratings CSV"
    LETTERBOXD = "letterboxd", "Letterboxd ratings.csv or watchlist.csv"
    MAL = "mal", "MyAnimeList anime list XML"


class ImportJob(BaseModel):
    """One uploaded export: its parsed rows wait here for the task, which writes them and fills
    in the counts and the rows that matched nothing in the catalogue."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    format = models.CharField(max_length=12, choices=ImportFormat.choices)
    filename = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, help_text="of the uploaded bytes")
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="percent of rows matched")
    rows = models.JSONField(default=list, blank=True, help_text="parsed rows, cleared when done")
    counts = models.JSONField(default=dict, blank=True)
    unmatched = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.format} import {self.pk} by {self.user_id}: {self.status}"
