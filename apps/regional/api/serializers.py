from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.catalog.api.serializers import ContentFilterSerializer
from apps.regional.festivals import FestivalOccurrence, festival_name, festival_title


class RegionalListFilterSerializer(ContentFilterSerializer):
    """The catalogue lists' filters (kind, genre, year range, and where to watch: platforms=,
    available_to_me=, country=) without `language`, which the path gives."""

    language = None  # type: ignore[assignment]


class FestivalQuerySerializer(serializers.Serializer):
    date = serializers.DateField(required=False, help_text=_("YYYY-MM-DD; today if omitted"))
    region = serializers.CharField(
        max_length=80, required=False, help_text=_("state name or code (TS, IN-TN); else yours")
    )


class AttributionSerializer(serializers.Serializer):
    text = serializers.CharField()
    url = serializers.URLField()


class VisitorContextSerializer(serializers.Serializer):
    country = serializers.CharField()
    state = serializers.CharField(allow_blank=True)
    state_code = serializers.CharField(allow_blank=True)
    languages = serializers.ListField(child=serializers.CharField())
    source = serializers.ChoiceField(choices=["profile", "ip", "default"])  # type: ignore[assignment]  # the API field is named "source"
    note = serializers.CharField(allow_blank=True)
    attribution = AttributionSerializer(allow_null=True)


class FestivalSerializer(serializers.Serializer):
    slug = serializers.CharField(source="festival.slug")
    name = serializers.SerializerMethodField()
    starts = serializers.DateField()
    ends = serializers.DateField()
    is_current = serializers.BooleanField()
    days_until = serializers.IntegerField()
    for_region = serializers.BooleanField()
    languages = serializers.ListField(source="festival.languages", child=serializers.CharField())
    regions = serializers.ListField(source="festival.regions", child=serializers.CharField())
    collection_title = serializers.SerializerMethodField()
    description = serializers.CharField(source="festival.description")

    def get_name(self, occurrence: FestivalOccurrence) -> str:
        """In the request's language, else the festival's regions' languages, else English."""
        return festival_name(occurrence.festival)

    def get_collection_title(self, occurrence: FestivalOccurrence) -> str:
        return festival_title(occurrence.festival)
