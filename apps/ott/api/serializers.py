from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from apps.catalog.api.fields import CountryField, platform_slugs_validate
from apps.catalog.api.serializers import ContentFilterSerializer
from apps.ott.models import FREE_MONETISATIONS, Availability, Platform


class CountryInputSerializer(serializers.Serializer):
    country = CountryField(required=False, help_text="ISO 3166-1 alpha-2; default: the visitor's")


class FreeContentFilterSerializer(ContentFilterSerializer):
    """language, kind, genre (and years) as on every list, plus one platform and the country."""

    platforms = None  # type: ignore[assignment]
    available_to_me = None  # type: ignore[assignment]
    platform = serializers.SlugField(max_length=40, required=False, help_text="platform slug")

    def validate_platform(self, value: str) -> str:
        return platform_slugs_validate([value])[0]


class UserPlatformsInputSerializer(serializers.Serializer):
    platforms = serializers.ListField(
        child=serializers.SlugField(max_length=40), max_length=50, allow_empty=True
    )


class UserPlatformsOutputSerializer(serializers.Serializer):
    platforms = serializers.ListField(child=serializers.CharField())
    country = serializers.CharField(help_text="the country available_to_me filters for")


class PlatformSerializer(serializers.ModelSerializer[Platform]):
    class Meta:
        model = Platform
        fields = ["slug", "name", "kind", "home_url", "logo_url", "countries", "strong_languages"]
        read_only_fields = fields


class OfferSerializer(serializers.ModelSerializer[Availability]):
    platform = PlatformSerializer(read_only=True)
    link = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()

    class Meta:
        model = Availability
        fields = [
            "platform",
            "monetisation",
            "link",
            "text",
            "as_of",
            "historical",
            "source",
            "curated",
            "quality",
            "price",
            "currency",
            "audio_languages",
            "subtitle_languages",
        ]
        read_only_fields = fields

    def get_link(self, obj: Availability) -> str:
        return obj.deep_link or obj.platform.home_url

    def get_text(self, obj: Availability) -> str:
        """What a card says: "on JioHotstar in 2023" for a past snapshot, never as current."""
        names = {"platform": obj.platform.name, "year": obj.as_of.year}
        free = obj.monetisation in FREE_MONETISATIONS
        if obj.historical:
            if free:
                return _("free on %(platform)s in %(year)s") % names
            return _("on %(platform)s in %(year)s") % names
        if free:
            return _("free on %(platform)s") % names
        if obj.monetisation in ("rent", "buy"):
            return _("rent or buy on %(platform)s") % names
        return _("on %(platform)s") % names


class AvailabilityOutputSerializer(serializers.Serializer):
    content_id = serializers.IntegerField()
    country = serializers.CharField()
    offers = serializers.DictField(
        child=OfferSerializer(many=True),
        help_text="by monetisation: flatrate (subscription), free, ads, rent, buy",
    )
    attribution = serializers.SerializerMethodField()

    def get_attribution(self, obj: dict[str, Any]) -> dict[str, str] | None:
        """TMDB's terms: watch-provider data is JustWatch's and must say so where shown."""
        if not obj["justwatch"]:
            return None
        return {
            "text": _("Where-to-watch data by JustWatch, via TMDB."),
            "url": "https://www.justwatch.com/",
        }
