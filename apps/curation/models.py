"""Curators' records: featured slots, collections, Telegram posts, notes and the audit log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel


class Audience(models.TextChoices):
    ALL = "all", _("Everyone")
    VISITORS = "visitors", _("Visitors (signed out)")
    SIGNED_IN = "signed_in", _("Signed-in users")


class FeaturedItem(BaseModel):
    """A title in a slot (the hero or a named row) for a targeted audience and time window.

    Empty targeting lists mean "any": languages (ISO 639-1), states (ISO 3166-2:IN), countries
    (ISO 3166-1 alpha-2)."""

    content = models.ForeignKey(
        "catalog.Content", on_delete=models.CASCADE, related_name="featured_items"
    )
    slot = models.SlugField(max_length=40, help_text=_("hero, or the slug of a named row"))
    languages = models.JSONField(default=list, blank=True)
    states = models.JSONField(default=list, blank=True)
    countries = models.JSONField(default=list, blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.ALL)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    caption = models.CharField(
        max_length=200, blank=True, help_text=_("shown with the title; empty: the slot's heading")
    )
    captions = models.JSONField(
        default=dict, blank=True, help_text=_("the caption in the other site languages")
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["slot", "order", "-starts_at", "id"]
        indexes = [models.Index(fields=["slot", "starts_at"], name="featured_slot_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="featured_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.slot}: {self.content_id}"


class Collection(BaseModel):
    """A curated, ordered list with a public slug (festival collections are collections too)."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    titles = models.JSONField(
        default=dict, blank=True, help_text=_("the title in the other site languages")
    )
    description = models.TextField(blank=True)
    is_public = models.BooleanField(default=True)
    contents: models.ManyToManyField = models.ManyToManyField(
        "catalog.Content", through="CollectionItem", related_name="collections"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    content = models.ForeignKey("catalog.Content", on_delete=models.CASCADE, related_name="+")
    order = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "content"], name="collectionitem_unique_content"
            )
        ]

    def __str__(self) -> str:
        return f"{self.collection_id}#{self.order}: {self.content_id}"


class TelegramPost(BaseModel):
    """One post of a title or a collection to a channel for a campaign; never two."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    content = models.ForeignKey(
        "catalog.Content", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.CASCADE, related_name="posts"
    )
    channel = models.CharField(max_length=64)
    campaign = models.CharField(max_length=64, blank=True, default="")
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    message_id = models.BigIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content__isnull=False, collection__isnull=True)
                | Q(content__isnull=True, collection__isnull=False),
                name="telegrampost_content_xor_collection",
            ),
            models.UniqueConstraint(
                fields=["content", "channel", "campaign"],
                condition=Q(content__isnull=False),
                name="telegrampost_once_per_title",
            ),
            models.UniqueConstraint(
                fields=["collection", "channel", "campaign"],
                condition=Q(collection__isnull=False),
                name="telegrampost_once_per_collection",
            ),
        ]

    def __str__(self) -> str:
        target = (
            f"content {self.content_id}" if self.content_id else f"collection {self.collection_id}"
        )
        return f"{target} -> {self.channel} [{self.campaign or '-'}]: {self.status}"


class ContentNote(models.Model):
    """A curator's annotation on a title (internal, never shown to users)."""

    content = models.ForeignKey(
        "catalog.Content", on_delete=models.CASCADE, related_name="curator_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"note on {self.content_id}"


class CuratorAuditLog(models.Model):
    """Who did what to which record, when, with the request's payload. Append-only."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40, db_index=True)
    target_type = models.CharField(max_length=40)
    target_id = models.CharField(max_length=64, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.target_type}:{self.target_id}"
