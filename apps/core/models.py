from django.db import models
from django.utils import timezone


class BaseModel(models.Model):
    """Creation and modification timestamps for every domain model."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
