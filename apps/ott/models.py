"""Where to watch: streaming platforms, their offers per title and country, and users' services."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import Content
from apps.core.models import BaseModel


class PlatformKind(models.TextChoices):
    SUBSCRIPTION = "subscription", _("Subscription")
    FREE = "free", _("Free")
    ADS = "ads", _("Free with ads")
    STORE = "store", _("Rent or buy store")


class Monetisation(models.TextChoices):
    """TMDB's (JustWatch's) offer types; `flatrate` is a subscription."""

    FLATRATE = "flatrate", _("Subscription")
    FREE = "free", _("Free")
    ADS = "ads", _("Free with ads")
    RENT = "rent", _("Rent")
    BUY = "buy", _("Buy")


FREE_MONETISATIONS = (Monetisation.FREE, Monetisation.ADS)


class Platform(BaseModel):
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=40, unique=True)
    kind = models.CharField(max_length=12, choices=PlatformKind.choices)
    home_url = models.URLField(max_length=300, blank=True)
    logo_url = models.URLField(max_length=300, blank=True)
    countries = models.JSONField(default=list, blank=True, help_text="ISO 3166-1 codes it serves")
    strong_languages = models.JSONField(
        default=list, blank=True, help_text="ISO 639-1 codes of the catalogue it is known for"
    )
    tmdb_provider_ids = models.JSONField(
        default=list, blank=True, help_text="TMDB watch-provider ids that mean this platform"
    )
    display_priority = models.PositiveSmallIntegerField(default=100, help_text="lower shows first")

    class Meta:
        ordering = ["display_priority", "name"]

    def __str__(self) -> str:
        return self.name


class Availability(BaseModel):
    """One offer: this title on this platform in this country on these terms, as of a date.

    Rows from a past snapshot (the demo data sets) are `historical` and shown with their date,
    never as current; `curated` rows were set by a curator and ingestion never overwrites them.
    """

    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="offers")
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="offers")
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    monetisation = models.CharField(max_length=8, choices=Monetisation.choices)
    quality = models.CharField(max_length=8, blank=True, help_text="sd, hd or 4k when known")
    price = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217")
    deep_link = models.URLField(max_length=500, blank=True)
    audio_languages = models.JSONField(default=list, blank=True, help_text="ISO 639-1; dubs too")
    subtitle_languages = models.JSONField(default=list, blank=True, help_text="ISO 639-1")
    source = models.CharField(
        max_length=64, help_text="tmdb (JustWatch data), youtube, curator, dataset:<name> <year>"
    )
    as_of = models.DateField(help_text="when the source said so")
    historical = models.BooleanField(
        default=False, help_text="a past snapshot: shown as 'on X in <year>', never as current"
    )
    curated = models.BooleanField(default=False, help_text="set by a curator; never overwritten")

    class Meta:
        verbose_name_plural = "availability"
        constraints = [
            models.UniqueConstraint(
                fields=["content", "platform", "country", "monetisation"],
                name="availability_one_offer_per_terms",
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0), name="availability_price_gte_0"
            ),
        ]
        indexes = [
            models.Index(fields=["platform", "country"], name="availability_platform_country"),
            models.Index(fields=["country", "monetisation"], name="availability_country_money"),
            models.Index(fields=["source", "as_of"], name="availability_source_as_of"),
        ]

    def __str__(self) -> str:
        return f"{self.content_id} on {self.platform_id} ({self.country}, {self.monetisation})"


class UserPlatform(BaseModel):
    """A service the user has ("my platforms"); lists can keep to what they can watch."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="platforms"
    )
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="subscribers")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "platform"], name="userplatform_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.platform_id}"


class OfferCheck(models.Model):
    """When a source was last asked about a title's offers (an answer of "none" counts too), so
    the scheduled refresh picks titles that are stale rather than those without offers."""

    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="offer_checks")
    source = models.CharField(max_length=16)
    checked_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content", "source"], name="offercheck_unique")
        ]

    def __str__(self) -> str:
        return f"{self.content_id} {self.source} {self.checked_at:%Y-%m-%d}"
