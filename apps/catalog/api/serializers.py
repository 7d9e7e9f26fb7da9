from typing import Any

from rest_framework import serializers

from apps.catalog.genres import GENRES
from apps.catalog.models import Content, ContentKind
from apps.catalog.selectors import ORDERINGS, ContentFilters
from apps.core.vocabulary import ISO_639_1


class ContentFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=ContentKind.choices, required=False, help_text="movie, tv or anime"
    )
    language = serializers.CharField(
        max_length=3, required=False, help_text="original language, ISO 639-1"
    )
    genre = serializers.ChoiceField(choices=sorted(GENRES), required=False)
    year_min = serializers.IntegerField(min_value=1870, max_value=2100, required=False)
    year_max = serializers.IntegerField(min_value=1870, max_value=2100, required=False)

    def validate_language(self, value: str) -> str:
        if value.lower() not in ISO_639_1:
            raise serializers.ValidationError(
                "Use an ISO 639-1 code such as te, hi, ta, kn, en or ja."
            )
        return value.lower()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        low, high = attrs.get("year_min"), attrs.get("year_max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"year_min": ["Must not be after year_max."]})
        return attrs

    def filters(self) -> ContentFilters:
        return ContentFilters(**self.validated_data)


class ListFilterSerializer(ContentFilterSerializer):
    ordering = serializers.ChoiceField(
        choices=sorted(ORDERINGS), required=False, default="popularity"
    )


class GenreListFilterSerializer(ListFilterSerializer):
    genre = None  # type: ignore[assignment]  # the genre is in the path


class TrendingFilterSerializer(ContentFilterSerializer):
    window = serializers.ChoiceField(choices=["day", "week"], required=False, default="week")


class SearchFilterSerializer(ContentFilterSerializer):
    q = serializers.CharField(min_length=1, max_length=200, help_text="title, typos tolerated")


class ContentListSerializer(serializers.ModelSerializer[Content]):
    genres: serializers.RelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )

    class Meta:
        model = Content
        fields = [
            "id",
            "kind",
            "title",
            "original_title",
            "original_language",
            "year",
            "genres",
            "poster_url",
            "popularity",
            "rating",
            "imdb_rating",
            "mal_score",
            "tmdb_vote_average",
        ]
        read_only_fields = fields


class ExternalIdsSerializer(serializers.Serializer):
    tmdb = serializers.CharField(allow_null=True)
    imdb = serializers.CharField(allow_null=True)
    mal = serializers.IntegerField(allow_null=True)
    movielens = serializers.IntegerField(allow_null=True)


class UserStateSerializer(serializers.Serializer):
    in_watchlist = serializers.BooleanField()
    is_favorite = serializers.BooleanField()
    rating = serializers.IntegerField(allow_null=True)
    review = serializers.CharField(allow_blank=True)


class ContentDetailSerializer(ContentListSerializer):
    ratings = serializers.SerializerMethodField()
    trailer = serializers.SerializerMethodField()
    external_ids = serializers.SerializerMethodField()
    user_state = serializers.SerializerMethodField()

    class Meta(ContentListSerializer.Meta):
        fields = [
            *ContentListSerializer.Meta.fields,
            "titles",
            "spoken_languages",
            "overview",
            "overviews",
            "keywords",
            "release_date",
            "runtime_minutes",
            "episodes",
            "seasons",
            "status",
            "countries",
            "certification",
            "backdrop_url",
            "free_youtube_id",
            "availability",
            "ratings",
            "trailer",
            "external_ids",
            "user_state",
            "provenance",
        ]
        read_only_fields = fields

    def get_ratings(self, obj: Content) -> dict[str, Any]:
        return {
            "tmdb": {"average": obj.tmdb_vote_average, "count": obj.tmdb_vote_count},
            "imdb": {"rating": obj.imdb_rating, "votes": obj.imdb_votes},
            "rotten_tomatoes": obj.rotten_tomatoes,
            "metacritic": obj.metacritic,
            "mal": {"score": obj.mal_score, "scored_by": obj.mal_scored_by},
            "users": self.context.get("user_ratings", {}),
        }

    def get_trailer(self, obj: Content) -> dict[str, str] | None:
        if not obj.trailer_youtube_id:
            return None
        return {
            "youtube_id": obj.trailer_youtube_id,
            "url": f"https://www.youtube.com/watch?v={obj.trailer_youtube_id}",
        }

    def get_external_ids(self, obj: Content) -> dict[str, Any]:
        return {
            "tmdb": f"{obj.tmdb_type}/{obj.tmdb_id}" if obj.tmdb_id else None,
            "imdb": obj.imdb_id,
            "mal": obj.mal_id,
            "movielens": obj.movielens_id,
        }

    def get_user_state(self, obj: Content) -> dict[str, Any] | None:
        return self.context.get("user_state")
