from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated

from apps.catalog.api.fields import CountryField, PlatformsQueryField
from apps.catalog.cards import CARD_COLUMNS, TitleCard
from apps.catalog.genres import GENRES
from apps.catalog.models import Content, ContentKind
from apps.catalog.offers import offers
from apps.catalog.selectors import ORDERINGS, ContentFilters
from apps.core.viewing import default_country, offers_country, viewing_of
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

    platforms = PlatformsQueryField(
        required=False,
        help_text="comma-separated platform slugs (GET /api/ott/platforms): only titles on them, "
        "or free, in the country",
    )
    available_to_me = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,  # a query string without it is "not asked", not false
        help_text="only titles on your platforms, or free (sign-in needed)",
    )
    country = CountryField(
        required=False,
        help_text="ISO 3166-1 code for platforms/available_to_me and the cards' where-to-watch; "
        "default: your profile's, else DEFAULT_COUNTRY",
    )

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

    def visitor_country(self) -> str:
        """`?country=` when given, else the request's viewing country (apps/core/viewing.py)."""
        return offers_country(self.context["request"], self.validated_data.get("country"))

    def filters(self) -> ContentFilters:
        """ContentFilters; platforms= and available_to_me= resolve to the platform filter."""
        data = dict(self.validated_data)
        platforms: list[str] | None = data.pop("platforms", None)
        mine = data.pop("available_to_me", False)
        data.pop("country", None)
        if mine:
            user = getattr(self.context.get("request"), "user", None)
            if not getattr(user, "is_authenticated", False):
                raise NotAuthenticated("Sign in to list what is available to you.")
            platforms = sorted({*(platforms or []), *viewing_of(self.context["request"]).services})
        if platforms is None:
            return ContentFilters(**data)
        return ContentFilters(**data, platforms=tuple(platforms), country=self.visitor_country())


class ListFilterSerializer(ContentFilterSerializer):
    ordering = serializers.ChoiceField(
        choices=sorted(ORDERINGS), required=False, default="popularity"
    )


class GenreListFilterSerializer(ListFilterSerializer):
    genre = None  # type: ignore[assignment]  # the genre is in the path


class TrendingFilterSerializer(ContentFilterSerializer):
    window = serializers.ChoiceField(choices=["day", "week"], required=False, default="week")


class WhereToWatchFilterSerializer(ContentFilterSerializer):
    """Only platforms=, available_to_me= and country= (similar titles)."""

    kind = None  # type: ignore[assignment]
    language = None  # type: ignore[assignment]
    genre = None  # type: ignore[assignment]
    year_min = None  # type: ignore[assignment]
    year_max = None  # type: ignore[assignment]


class SearchFilterSerializer(ContentFilterSerializer):
    q = serializers.CharField(min_length=1, max_length=200, help_text="title, typos tolerated")


WHERE_TO_WATCH_HELP = (
    "{text, platforms, historical, justwatch} for the visitor's country: \"JioHotstar, free on "
    'YouTube"; past snapshots say so ("on JioHotstar in 2023"); null when nothing is known'
)


class ContentListSerializer(serializers.Serializer):
    """The API's one title card (apps/catalog/cards.py `TitleCard`): every catalogue, regional and
    free list, and the `content` of every recommendation item."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=ContentKind.choices, read_only=True)
    title = serializers.CharField(read_only=True)
    original_title = serializers.CharField(read_only=True)
    original_language = serializers.CharField(read_only=True, help_text="ISO 639-1")
    year = serializers.IntegerField(allow_null=True, read_only=True)
    poster_url = serializers.URLField(read_only=True)
    popularity = serializers.FloatField(
        read_only=True, help_text="0-100 across sources, for sorting"
    )
    rating = serializers.FloatField(
        allow_null=True, read_only=True, help_text="0-10 vote-weighted across sources"
    )
    imdb_rating = serializers.FloatField(allow_null=True, read_only=True)
    mal_score = serializers.FloatField(allow_null=True, read_only=True)
    tmdb_vote_average = serializers.FloatField(allow_null=True, read_only=True)
    genres = serializers.ListField(child=serializers.CharField(), read_only=True)
    where_to_watch = serializers.DictField(
        allow_null=True, read_only=True, help_text=WHERE_TO_WATCH_HELP
    )

    def to_representation(self, instance: TitleCard) -> dict[str, Any]:
        """Plain attribute reads (a list of 20 cards is on every recommendation response)."""
        data = {name: getattr(instance, name) for name in CARD_COLUMNS}
        data["genres"] = list(instance.genres)
        data["where_to_watch"] = instance.where_to_watch
        return data


# A title's card columns read from the model: the details endpoint starts with them. (A comment,
# not a docstring: drf-spectacular would show it as the details schema's description.)
class _CardColumnsSerializer(serializers.ModelSerializer[Content]):
    genres: serializers.RelatedField = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    where_to_watch = serializers.SerializerMethodField(
        help_text='compact summary for the card, e.g. "JioHotstar, free on YouTube"; past '
        'snapshots say so ("on JioHotstar in 2023"); null when nothing is known'
    )

    class Meta:
        model = Content
        fields = [*CARD_COLUMNS, "genres", "where_to_watch"]
        read_only_fields = fields

    def get_where_to_watch(self, obj: Content) -> dict[str, Any] | None:
        """From the page's one-query summaries in the context (views), else one query."""
        summaries = self.context.get("where_to_watch")
        if summaries is None:
            country = self.context.get("country") or default_country()
            summaries = offers().summaries([obj.pk], country)
        return summaries.get(obj.pk)


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


class ContentDetailSerializer(_CardColumnsSerializer):
    availability = serializers.SerializerMethodField()
    ratings = serializers.SerializerMethodField()
    trailer = serializers.SerializerMethodField()
    external_ids = serializers.SerializerMethodField()
    user_state = serializers.SerializerMethodField()

    class Meta(_CardColumnsSerializer.Meta):
        fields = [
            *_CardColumnsSerializer.Meta.fields,
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

    def get_availability(self, obj: Content) -> dict[str, Any]:
        """Offers by country and type, {IN: {flatrate: [names], ..., link}} (details in
        GET /api/ott/availability/{id})."""
        return offers().by_country(obj.pk)

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
