from typing import Any

from rest_framework import serializers

from apps.accounts.models import Rating
from apps.catalog.models import Content
from apps.social.models import REVIEW_LANGUAGES, ListKind, ReviewReport, UserList

REVIEW_MAX_CHARS = 5000
LANGUAGE_CODES = [code for code, _ in REVIEW_LANGUAGES]


class ReviewQuerySerializer(serializers.Serializer):
    ordering = serializers.ChoiceField(choices=["newest", "helpful"], default="newest")
    language = serializers.ChoiceField(choices=LANGUAGE_CODES, required=False)


class ReviewInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=10)
    review = serializers.CharField(min_length=1, max_length=REVIEW_MAX_CHARS)
    # left out: an edit keeps the stored value (a new review: not a spoiler, in English)
    spoiler = serializers.BooleanField(required=False)
    language = serializers.ChoiceField(choices=LANGUAGE_CODES, required=False)


class ReviewOutputSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="user.public_name", read_only=True)
    author_handle = serializers.CharField(source="user.username", read_only=True)
    spoiler = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()
    helpful_count = serializers.SerializerMethodField()

    class Meta:
        model = Rating
        fields = [
            "id",
            "content_id",
            "author",
            "author_handle",
            "rating",
            "review",
            "spoiler",
            "language",
            "helpful_count",
            "created_at",
            "updated_at",
        ]

    def _meta(self, obj: Rating) -> Any:
        return getattr(obj, "review_meta", None)

    def get_spoiler(self, obj: Rating) -> bool:
        meta = self._meta(obj)
        return bool(meta and meta.spoiler)

    def get_language(self, obj: Rating) -> str | None:
        meta = self._meta(obj)
        return meta.language if meta else None

    def get_helpful_count(self, obj: Rating) -> int:
        count = getattr(obj, "helpful", None)
        return int(count) if count is not None else obj.helpful_votes.count()


class ReportInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ReviewReport.Reason.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ListInputSerializer(serializers.Serializer):
    name = serializers.CharField(min_length=1, max_length=100)
    description = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    is_public = serializers.BooleanField(required=False, default=False)
    kind = serializers.ChoiceField(choices=ListKind.choices, required=False, default="custom")


class ListUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(min_length=1, max_length=100, required=False)
    description = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    is_public = serializers.BooleanField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError("Send at least one of name, description, is_public.")
        return attrs


class ListItemInputSerializer(serializers.Serializer):
    content_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ListContentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Content
        fields = ["id", "kind", "title", "year", "original_language", "poster_url"]


class ListOutputSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.public_name", read_only=True)
    owner_handle = serializers.CharField(source="owner.username", read_only=True)

    class Meta:
        model = UserList
        fields = [
            "slug",
            "name",
            "kind",
            "description",
            "is_public",
            "owner",
            "owner_handle",
            "created_at",
            "updated_at",
        ]
