from typing import Any

from rest_framework import serializers

from apps.catalog.models import Content, ContentKind
from apps.core.vocabulary import ISO_639_1
from apps.curation.models import Audience, FeaturedItem, TelegramPost
from apps.curation.regions import canonical_state
from apps.curation.selectors import featured_caption

CURATE_ACTIONS = ("feature", "hide", "unhide", "annotate", "merge", "add_to_collection")


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class FeaturedQuerySerializer(serializers.Serializer):
    slot = serializers.SlugField(max_length=40, required=False)
    languages = serializers.CharField(required=False, help_text="comma-separated ISO 639-1")
    state = serializers.CharField(required=False, help_text="ISO 3166-2:IN code, e.g. IN-TS")
    country = serializers.RegexField(r"^[A-Za-z]{2}$", required=False)

    def validate_languages(self, value: str) -> list[str]:
        codes = [code.lower() for code in _codes(value)]
        unknown = [code for code in codes if code not in ISO_639_1]
        if unknown:
            raise serializers.ValidationError(f"Unknown ISO 639-1 codes: {', '.join(unknown)}.")
        return codes

    def validate_state(self, value: str) -> str:
        code = canonical_state(value)
        if code is None:
            raise serializers.ValidationError("Use an ISO 3166-2:IN code such as IN-TS.")
        return code


class FeaturedContentSerializer(serializers.ModelSerializer):
    genres: serializers.SlugRelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )

    class Meta:
        model = Content
        fields: tuple[str, ...] = (
            "id",
            "kind",
            "title",
            "original_title",
            "titles",
            "original_language",
            "year",
            "poster_url",
            "rating",
            "genres",
        )


class FeaturedOutputSerializer(serializers.ModelSerializer):
    content = FeaturedContentSerializer()
    caption = serializers.SerializerMethodField()

    class Meta:
        model = FeaturedItem
        fields = ("id", "slot", "order", "starts_at", "ends_at", "caption", "content")

    def get_caption(self, item: FeaturedItem) -> str:
        """The curator's caption in the request's language, else a targeted language, else
        English; "" when none was written."""
        return featured_caption(item)


class FeaturedAdminOutputSerializer(serializers.ModelSerializer):
    content_id = serializers.IntegerField()

    class Meta:
        model = FeaturedItem
        fields = (
            "id",
            "content_id",
            "slot",
            "languages",
            "states",
            "countries",
            "audience",
            "starts_at",
            "ends_at",
            "order",
            "note",
            "created_by",
            "created_at",
        )


class FeaturedInputSerializer(serializers.Serializer):
    content_id = serializers.IntegerField(min_value=1)
    slot = serializers.SlugField(max_length=40)
    languages = serializers.ListField(child=serializers.CharField(max_length=3), required=False)
    states = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    countries = serializers.ListField(child=serializers.CharField(max_length=2), required=False)
    audience = serializers.ChoiceField(choices=Audience.choices, default=Audience.ALL)
    starts_at = serializers.DateTimeField(required=False)
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    order = serializers.IntegerField(min_value=0, max_value=32767, default=0)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AdminSearchSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=ContentKind.choices, required=False)
    language = serializers.CharField(max_length=3, required=False)
    source = serializers.CharField(max_length=20, required=False)  # type: ignore[assignment]
    missing_poster = serializers.BooleanField(default=False)
    missing_overview = serializers.BooleanField(default=False)
    missing_availability = serializers.BooleanField(default=False)
    in_review = serializers.BooleanField(default=False)
    hidden = serializers.BooleanField(required=False, allow_null=True, default=None)


class AdminContentSerializer(FeaturedContentSerializer):
    class Meta(FeaturedContentSerializer.Meta):
        fields = (
            *FeaturedContentSerializer.Meta.fields,
            "hidden",
            "overview",
            "popularity",
            "provenance",
        )


class CurateInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=CURATE_ACTIONS)
    content_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=500
    )
    into = serializers.IntegerField(min_value=1, required=False, help_text="merge: the title kept")
    note = serializers.CharField(max_length=5000, required=False, help_text="annotate")
    collection = serializers.SlugField(max_length=80, required=False, help_text="add_to_collection")
    slot = serializers.SlugField(max_length=40, required=False, help_text="feature")
    languages = serializers.ListField(child=serializers.CharField(max_length=3), required=False)
    states = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    countries = serializers.ListField(child=serializers.CharField(max_length=2), required=False)
    audience = serializers.ChoiceField(choices=Audience.choices, default=Audience.ALL)
    starts_at = serializers.DateTimeField(required=False)
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    order = serializers.IntegerField(min_value=0, max_value=32767, default=0)

    REQUIRED = {
        "merge": ("into",),
        "annotate": ("note",),
        "add_to_collection": ("collection",),
        "feature": ("slot",),
    }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        missing = [name for name in self.REQUIRED.get(attrs["action"], ()) if not attrs.get(name)]
        if missing:
            raise serializers.ValidationError(
                {name: ["Required for this action."] for name in missing}
            )
        if attrs["action"] == "merge" and len(attrs["content_ids"]) != 1:
            raise serializers.ValidationError({"content_ids": ["Merge one duplicate at a time."]})
        return attrs


class PublishInputSerializer(serializers.Serializer):
    content_id = serializers.IntegerField(min_value=1, required=False)
    collection = serializers.SlugField(max_length=80, required=False)
    campaign = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("content_id" in attrs) == ("collection" in attrs):
            raise serializers.ValidationError("Give exactly one of content_id or collection.")
        return attrs


class TelegramPostSerializer(serializers.ModelSerializer):
    collection: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = TelegramPost
        fields = (
            "id",
            "content_id",
            "collection",
            "channel",
            "campaign",
            "status",
            "message_id",
            "attempts",
            "last_error",
            "sent_at",
            "created_at",
        )


class AnalyticsQuerySerializer(serializers.Serializer):
    from_ = serializers.DateField(required=False)
    to = serializers.DateField(required=False)

    def to_internal_value(self, data: Any) -> Any:
        data = data.copy()
        if "from" in data:
            data["from_"] = data.pop("from")[0] if hasattr(data, "getlist") else data.pop("from")
        return super().to_internal_value(data)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("from_") and attrs.get("to") and attrs["from_"] > attrs["to"]:
            raise serializers.ValidationError({"from": ["Must not be after to."]})
        return attrs
