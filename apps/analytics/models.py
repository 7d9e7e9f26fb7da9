from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.events import InteractionKind


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
            # time-range-only reads: trending's recent activity, the daily rollup, retrain_due
            # (a sequential scan of the whole log otherwise; docs/scale.md)
            models.Index(fields=["created_at"], name="interaction_time"),
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


class DailyMetric(models.Model):
    """A daily rollup: one number per day, metric and dimension ("" = every language / state).

    Rows exist for the total and for each language and each state separately (not the cross
    product), which is what the dashboard charts."""

    class Metric(models.TextChoices):
        ACTIVE_USERS = "active_users", _("Active users")
        NEW_USERS = "new_users", _("New users")
        RATINGS = "ratings", _("Ratings")
        WATCHLIST_ADDS = "watchlist_adds", _("Watchlist adds")
        SEARCHES = "searches", _("Searches")
        ZERO_RESULT_SEARCHES = "zero_result_searches", _("Zero-result searches")

    day = models.DateField()
    metric = models.CharField(max_length=24, choices=Metric.choices)
    language = models.CharField(max_length=8, blank=True, default="")
    state = models.CharField(max_length=8, blank=True, default="")
    value = models.PositiveIntegerField()

    class Meta:
        ordering = ["day", "metric", "language", "state"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "metric", "language", "state"], name="dailymetric_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.metric} {self.language or '*'}/{self.state or '*'}: {self.value}"


class TitleDaily(models.Model):
    """Per title and day: views, clicks, watchlist adds, ratings and their sum (for averages)."""

    day = models.DateField()
    content = models.ForeignKey("catalog.Content", on_delete=models.CASCADE, related_name="+")
    views = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    watchlist_adds = models.PositiveIntegerField(default=0)
    ratings = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day", "content_id"]
        constraints = [models.UniqueConstraint(fields=["day", "content"], name="titledaily_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.content_id}"


class RecommendationDaily(models.Model):
    """Per day, experiment and variant: exposures, clicks and conversions (watchlist or rating
    of an exposed title within the experiment's window)."""

    day = models.DateField()
    experiment = models.CharField(max_length=100)
    variant = models.CharField(max_length=50)
    algorithm = models.CharField(max_length=16)
    exposures = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    conversions = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day", "experiment", "variant"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "experiment", "variant"], name="recommendationdaily_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.experiment}/{self.variant}"
