from django.conf import settings
from django.db import models
from django.utils import timezone


class InteractionKind(models.TextChoices):
    VIEW = "view", "View"
    SEARCH = "search", "Search"
    CLICK = "click", "Click"
    RATE = "rate", "Rate"
    WATCHLIST_ADD = "watchlist_add", "Watchlist add"
    WATCHLIST_REMOVE = "watchlist_remove", "Watchlist remove"
    FAVORITE_ADD = "favorite_add", "Favorite add"
    FAVORITE_REMOVE = "favorite_remove", "Favorite remove"


class Interaction(models.Model):
    """Append-only log of what users did; the recommender and analytics read it, nobody edits it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    content = models.ForeignKey(
        "catalog.Content",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    kind = models.CharField(max_length=20, choices=InteractionKind.choices)
    value = models.FloatField(null=True, blank=True, help_text="rating for rate events")
    context = models.JSONField(default=dict, blank=True, help_text="source page, algorithm, query")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["user", "created_at"], name="interaction_user_time"),
            models.Index(fields=["content", "created_at"], name="interaction_content_time"),
            models.Index(fields=["kind", "created_at"], name="interaction_kind_time"),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} by {self.user_id} on {self.content_id}"


class SearchQuery(models.Model):
    """Search history: what was asked, with which filters, and how many results came back."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="searches",
    )
    query = models.CharField(max_length=200)
    filters = models.JSONField(default=dict, blank=True)
    result_count = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.query!r} -> {self.result_count}"
