from typing import Any

from rest_framework import serializers

from apps.catalog.genres import GENRES
from apps.catalog.models import ContentKind
from apps.core.converters import MAX_ID
from apps.core.vocabulary import ISO_639_1
from recommender.algorithms.mood import MOODS
from recommender.serving.engine import RecoRequest
from recommender.serving.rerank import Context

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
TIMES_OF_DAY = {"morning": 9, "afternoon": 14, "evening": 19, "night": 23, "late-night": 1}


class ContextSerializer(serializers.Serializer):
    time_of_day = serializers.CharField(
        required=False, help_text="morning, afternoon, evening, night, late-night, or an hour 0-23"
    )
    weekday = serializers.CharField(required=False, help_text="monday..sunday or 0 (Monday) - 6")

    def validate_time_of_day(self, value: str) -> int:
        if value.isdigit() and 0 <= int(value) <= 23:
            return int(value)
        if value.lower() in TIMES_OF_DAY:
            return TIMES_OF_DAY[value.lower()]
        raise serializers.ValidationError(f"Use an hour 0-23 or one of: {', '.join(TIMES_OF_DAY)}.")

    def validate_weekday(self, value: str) -> int:
        if value.isdigit() and 0 <= int(value) <= 6:
            return int(value)
        if value.lower() in WEEKDAYS:
            return WEEKDAYS.index(value.lower())
        raise serializers.ValidationError("Use monday..sunday or 0-6.")


class RecommendationInputSerializer(serializers.Serializer):
    k = serializers.IntegerField(min_value=1, max_value=100, default=20)
    kind = serializers.ChoiceField(choices=ContentKind.choices, required=False)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=3), max_length=10, required=False, default=list
    )
    genres = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(GENRES)),
        max_length=10,
        required=False,
        default=list,
    )
    exclude_seen = serializers.BooleanField(default=True)
    diversity = serializers.FloatField(min_value=0.0, max_value=1.0, default=0.0)
    mood = serializers.ChoiceField(choices=sorted(MOODS), required=False)
    # DRF's metaclass moves declared fields out of the class, so this does not shadow .context
    context = ContextSerializer(required=False)  # type: ignore[assignment]

    def validate_languages(self, value: list[str]) -> list[str]:
        unknown = [v for v in value if v.lower() not in ISO_639_1]
        if unknown:
            raise serializers.ValidationError(f"Unknown language codes: {', '.join(unknown)}.")
        return [v.lower() for v in value]

    def to_request(self, **overrides: Any) -> RecoRequest:
        data = {**self.validated_data, **overrides}
        context = data.get("context") or {}
        return RecoRequest(
            k=data["k"],
            kinds=[data["kind"]] if data.get("kind") else [],
            languages=data["languages"],
            genres=data["genres"],
            exclude_seen=data["exclude_seen"],
            diversity=data["diversity"],
            mood=data.get("mood"),
            context=Context(hour=context.get("time_of_day"), weekday=context.get("weekday")),
            algorithm=data.get("algorithm"),
        )


class GenreInputSerializer(RecommendationInputSerializer):
    genres = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(GENRES)), min_length=1, max_length=10
    )


class MoodInputSerializer(RecommendationInputSerializer):
    mood = serializers.ChoiceField(choices=sorted(MOODS))


class RecommendedContentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    original_language = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    genres = serializers.ListField(child=serializers.CharField())
    poster_url = serializers.CharField()
    rating = serializers.FloatField(allow_null=True)


class RecommendedItemSerializer(serializers.Serializer):
    content = RecommendedContentSerializer()
    score = serializers.FloatField()
    reason = serializers.CharField()


class RecommendationMetaSerializer(serializers.Serializer):
    algorithm = serializers.CharField(
        help_text="the model that served: hybrid, item_knn, content, regional, popularity"
    )
    fallbacks = serializers.ListField(
        child=serializers.DictField(), help_text="models skipped and why"
    )
    model_versions = serializers.DictField()
    cached = serializers.BooleanField()
    experiment = serializers.DictField(allow_null=True)
    generated_at = serializers.DateTimeField()


class RecommendationOutputSerializer(serializers.Serializer):
    items = RecommendedItemSerializer(many=True)
    meta = RecommendationMetaSerializer()


class FeedbackInputSerializer(serializers.Serializer):
    content_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    event = serializers.ChoiceField(choices=["click"])
    page = serializers.CharField(
        max_length=64, required=False, default="", help_text="where it was shown"
    )
