from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import Content
from apps.core.models import BaseModel


class Festival(BaseModel):
    """What a festival means for viewing: its languages and regions and a themed collection.

    Dates are not stored: the `holidays` package computes them each year (lunar calendars
    included); `holiday_names` say which of its holidays this festival is.
    """

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    holiday_names = models.JSONField(
        default=list, help_text=_("names the holidays package gives it, e.g. Makar Sankranti")
    )
    regions = models.JSONField(
        default=list,
        blank=True,
        help_text=_("state codes as in the holidays package (TS, AP, TN); empty: all of India"),
    )
    languages = models.JSONField(default=list, help_text=_("ISO 639-1 codes of the collection"))
    genres = models.JSONField(
        default=list, blank=True, help_text=_("genre slugs of the collection; empty: any genre")
    )
    family_friendly = models.BooleanField(
        default=True,
        help_text=_("the collection leaves out mature genres and adult certifications"),
    )
    collection_title = models.CharField(max_length=120)
    collection_titles = models.JSONField(
        default=dict, blank=True, help_text=_("the collection title in the other site languages")
    )
    names = models.JSONField(
        default=dict, blank=True, help_text=_("the festival's name in the other site languages")
    )
    description = models.TextField(blank=True)
    duration_days = models.PositiveSmallIntegerField(
        default=1, help_text=_("days it stays the current festival from its date")
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FestivalPin(models.Model):
    """A title a curator pinned to the top of a festival's collection."""

    festival = models.ForeignKey(Festival, on_delete=models.CASCADE, related_name="pins")
    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="festival_pins")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["festival", "content"], name="festivalpin_unique")
        ]

    def __str__(self) -> str:
        return f"{self.festival_id}: {self.content_id}"
