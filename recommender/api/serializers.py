import copy
from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated

from apps.catalog.api.fields import CountryField, PlatformsField
from apps.catalog.api.serializers import ContentListSerializer
from apps.catalog.genres import GENRES
from apps.catalog.models import ContentKind
from apps.core.converters import MAX_ID
from apps.core.numbers import parse_int
from apps.core.viewing import offers_country, viewing_of
from apps.core.vocabulary import ISO_639_1
from recommender.algorithms.mood import MOODS
from recommender.serving.rerank import Context
from recommender.serving.served import Served, ServedItem
from recommender.serving.types import RecoRequest
from recommender.serving.visitor import Visitor

_CARD = ContentListSerializer()
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
TIMES_OF_DAY = {"morning": 9, "afternoon": 14, "evening": 19, "night": 23, "late-night": 1}


class ContextSerializer(serializers.Serializer):
    time_of_day = serializers.CharField(
        required=False, help_text="morning, afternoon, evening, night, late-night, or an hour 0-23"
    )
    weekday = serializers.CharField(required=False, help_text="monday..sunday or 0 (Monday) - 6")

    def validate_time_of_day(self, value: str) -> int:
        hour = parse_int(value, minimum=0, maximum=23)  # ASCII digits only: "²" is not an hour
        if hour is not None:
            return hour
        if value.lower() in TIMES_OF_DAY:
            return TIMES_OF_DAY[value.lower()]
        raise serializers.ValidationError(f"Use an hour 0-23 or one of: {', '.join(TIMES_OF_DAY)}.")

    def validate_weekday(self, value: str) -> int:
        day = parse_int(value, minimum=0, maximum=6)
        if day is not None:
            return day
        if value.lower() in WEEKDAYS:
            return WEEKDAYS.index(value.lower())
        raise serializers.ValidationError("Use monday..sunday or 0-6.")


# Each serializer instance gets copies of the declared fields. DRF deep-copies them, which runs
# every field's `__init__` again over deep copies of its arguments (the genre and mood choices,
# the validators): about 1 ms for this body, on every recommendation request. The declared fields
# are never bound or changed (binding sets attributes on the copy), so a shallow copy is the same
# unbound field; nested serializers are still deep-copied. (Comments, not a docstring: the
# OpenAPI schema would publish one as every input's description.)
class ShallowFieldsMixin(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            name: copy.deepcopy(field)
            if isinstance(field, serializers.BaseSerializer)
            else copy.copy(field)
            for name, field in self._declared_fields.items()
        }


class RecommendationInputSerializer(ShallowFieldsMixin, serializers.Serializer):
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
    platforms = PlatformsField(
        required=False,
        help_text="platform slugs (GET /api/ott/platforms), a list or comma-separated: only titles "
        "on them, or free, in the country",
    )
    available_to_me = serializers.BooleanField(
        required=False, default=False, help_text="only titles on your platforms, or free (sign-in)"
    )
    country = CountryField(
        required=False,
        help_text="ISO 3166-1 code for platforms/available_to_me; default: your profile's, "
        "else DEFAULT_COUNTRY",
    )

    def _where_to_watch(self, data: dict[str, Any]) -> tuple[tuple[str, ...] | None, str]:
        """(platform slugs, country) of the filter; (None, "") when the request has none."""
        platforms: list[str] | None = data.get("platforms")
        # self.context is shadowed for type checkers by the `context` field declared above
        user = getattr(self._context.get("request"), "user", None)
        if data.get("available_to_me"):
            if not getattr(user, "is_authenticated", False):
                raise NotAuthenticated("Sign in to list what is available to you.")
            platforms = sorted({*(platforms or []), *viewing_of(self._context["request"]).services})
        if platforms is None:
            return None, ""
        return tuple(platforms), offers_country(self._context["request"], data.get("country"))

    def validate_languages(self, value: list[str]) -> list[str]:
        unknown = [v for v in value if v.lower() not in ISO_639_1]
        if unknown:
            raise serializers.ValidationError(f"Unknown language codes: {', '.join(unknown)}.")
        return [v.lower() for v in value]

    def to_request(self, **overrides: Any) -> RecoRequest:
        data = {**self.validated_data, **overrides}
        context = data.get("context") or {}
        platforms, country = self._where_to_watch(data)
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
            platforms=platforms,
            country=country,
            visitor=self._context.get("visitor") or Visitor(),
        )


class GenreInputSerializer(RecommendationInputSerializer):
    genres = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(GENRES)), min_length=1, max_length=10
    )


class MoodInputSerializer(RecommendationInputSerializer):
    mood = serializers.ChoiceField(choices=sorted(MOODS))


class ReasonCodeSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="because_you_liked, popular_in_language, trending_in_language, mood_match, ..."
    )
    params = serializers.DictField(help_text="title, language (ISO 639-1), genres, mood")


class RecommendedItemSerializer(serializers.Serializer):
    content = ContentListSerializer(help_text="the title card every list carries")
    score = serializers.FloatField()
    reason = serializers.CharField(help_text="why, in the request's language")
    reason_code = ReasonCodeSerializer()

    def to_representation(self, instance: ServedItem) -> dict[str, Any]:
        """Plain reads: every recommendation response carries up to 100 of these."""
        return {
            "content": _CARD.to_representation(instance.card),
            "score": instance.score,
            "reason": instance.reason_text,
            "reason_code": instance.reason.as_dict(),
        }


class RetrievalSerializer(serializers.Serializer):
    stage = serializers.CharField(help_text="two-stage: a candidate pool, then the hybrid")
    path = serializers.ChoiceField(
        choices=["ann", "exact"],
        help_text="ann: the ALS index searched; exact: a narrow filter's titles scanned",
    )
    pool = serializers.IntegerField(help_text="titles the hybrid ranked")


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
    retrieval = RetrievalSerializer(
        allow_null=True,
        help_text="how a large catalogue was narrowed (docs/scale.md); null: every title scored",
    )


class RecommendationOutputSerializer(serializers.Serializer):
    """A serving answer (`Served`) as the API's JSON."""

    items = RecommendedItemSerializer(many=True)
    meta = RecommendationMetaSerializer()

    def to_representation(self, instance: Served) -> dict[str, Any]:
        item = RecommendedItemSerializer()
        return {
            "items": [item.to_representation(one) for one in instance.items],
            "meta": {
                "algorithm": instance.algorithm,
                "fallbacks": instance.fallbacks,
                "model_versions": instance.model_versions,
                "cached": instance.cached,
                "experiment": instance.experiment,
                "generated_at": instance.generated_at,  # rendered by the JSON renderer, as before
                "retrieval": getattr(instance, "retrieval", None),  # None in lists cached before
            },
        }


class FeedbackInputSerializer(serializers.Serializer):
    content_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    event = serializers.ChoiceField(choices=["click"])
    page = serializers.CharField(
        max_length=64, required=False, default="", help_text="where it was shown"
    )
