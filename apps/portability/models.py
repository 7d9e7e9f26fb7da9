from django.conf import settings
from django.db import models

from apps.core.models import BaseModel


class ImportFormat(models.TextChoices):
    IMDB = "imdb", "IMDb ratings CSV"
    LETTERBOXD = "letterboxd", "Letterboxd ratings.csv or watchlist.csv"
    MAL = "mal", "MyAnimeList anime list XML"


class ImportJob(BaseModel):
    """One uploaded export. The request stores the file's bytes here and queues the task, which
    parses, matches and writes them, fills in the counts and the rows that matched nothing, and
    empties `data` once it is done or failed (the file is personal data).

    The bytes live in the row, not in MEDIA storage: the web and worker services share no disk
    (render.yaml), the job and its file are written, and deleted with the account, in one
    transaction, and the upload cap keeps a row at most IMPORT_MAX_BYTES."""

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
    data = models.BinaryField(
        blank=True, default=b"", editable=False, help_text="the uploaded file, emptied when done"
    )
    counts = models.JSONField(default=dict, blank=True)
    unmatched = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=300, blank=True)
    error_line = models.PositiveIntegerField(
        null=True, blank=True, help_text="the line of the file a parse error names"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.format} import {self.pk} by {self.user_id}: {self.status}"
