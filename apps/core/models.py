from django.db import models
from django.utils import timezone


class BaseModel(models.Model):
    """Creation and modification timestamps for every domain model."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OutboxMessage(models.Model):
    """A task a request asked for, recorded in the request's own transaction (apps/core/outbox.py).

    Sent to the broker when the transaction commits; if the broker is unreachable the row waits
    and the periodic `core.outbox_drain` task (or `manage.py outbox_drain`) sends it later.
    """

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, unique=True)  # the Celery id, known before sending
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # A sender claims a row until this time, so the on-commit send and a drain never both send it.
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="core_outbox_pending_idx",
            )
        ]

    def __str__(self) -> str:
        state = "sent" if self.sent_at else f"pending ({self.attempts} attempts)"
        return f"{self.task_name} {self.task_id} {state}"
