from typing import Any

from rest_framework import serializers

from apps.accounts.handles import HANDLE_MAX
from apps.accounts.models import PROFILE_FIELDS, User
from apps.catalog.genres import GENRES
from apps.catalog.models import ContentKind
from apps.core.vocabulary import ISO_639_1


def _unique_list(values: list[str], allowed: set[str] | frozenset[str], what: str) -> list[str]:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise serializers.ValidationError(f"Unknown {what}: {', '.join(unknown)}.")
    return list(dict.fromkeys(values))  # de-duplicated, order kept


class ProfileSerializer(serializers.ModelSerializer[User]):
    """The editable profile; validation of languages, genres and kinds against our vocabularies."""

    handle = serializers.CharField(
        max_length=HANDLE_MAX,
        required=False,
        help_text="public handle shown beside your reviews and lists; never an e-mail address",
    )
    display_name = serializers.CharField(max_length=80, allow_blank=True, required=False)
    preferred_languages = serializers.ListField(
        child=serializers.CharField(max_length=2), max_length=20, required=False
    )
    preferred_genres = serializers.ListField(
        child=serializers.CharField(max_length=40), max_length=40, required=False
    )
    preferred_content_types = serializers.ListField(
        child=serializers.ChoiceField(choices=ContentKind.choices), max_length=3, required=False
    )
    country = serializers.RegexField(
        r"^[A-Za-z]{2}$", allow_blank=True, required=False, help_text="ISO 3166-1 alpha-2"
    )
    region = serializers.CharField(max_length=80, allow_blank=True, required=False)
    ui_language = serializers.CharField(max_length=8, required=False)
    onboarding_completed = serializers.BooleanField(required=False)

    def validate_preferred_languages(self, value: list[str]) -> list[str]:
        return _unique_list([v.lower() for v in value], ISO_639_1, "language codes")

    def validate_preferred_genres(self, value: list[str]) -> list[str]:
        return _unique_list([v.lower() for v in value], set(GENRES), "genres")

    def validate_preferred_content_types(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    def validate_country(self, value: str) -> str:
        return value.upper()

    def validate_ui_language(self, value: str) -> str:
        if value.split("-")[0].lower() not in ISO_639_1:
            raise serializers.ValidationError("Use a language code such as en or te.")
        return value

    class Meta:
        model = User
        fields = ("handle", *PROFILE_FIELDS)


class UserOutputSerializer(serializers.ModelSerializer[User]):
    handle = serializers.CharField(source="username", read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "handle",
            "username",  # the same handle, under its older name
            *PROFILE_FIELDS,
            "location_source",
            "date_joined",
        ]
        read_only_fields = fields


class RegisterInputSerializer(ProfileSerializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        write_only=True, max_length=128, style={"input_type": "password"}
    )
    username = serializers.CharField(
        max_length=HANDLE_MAX, required=False, help_text="alias of handle"
    )

    class Meta(ProfileSerializer.Meta):
        fields = ("handle", *PROFILE_FIELDS, "email", "password", "username")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """`username` is the older name of `handle`; without either a handle is generated."""
        username = attrs.pop("username", "")
        attrs.setdefault("handle", username)
        return attrs


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class RegisterOutputSerializer(serializers.Serializer):
    user = UserOutputSerializer()
    tokens = TokenPairSerializer()


class LoginInputSerializer(serializers.Serializer):
    """One identifier: `login` (e-mail or username); `email` and `username` are accepted aliases."""

    login = serializers.CharField(
        max_length=254, required=False, help_text="the account's e-mail address or username"
    )
    email = serializers.CharField(max_length=254, required=False, help_text="alias of login")
    username = serializers.CharField(max_length=150, required=False, help_text="alias of login")
    password = serializers.CharField(max_length=128, style={"input_type": "password"})

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        given = [attrs[name].strip() for name in ("login", "email", "username") if attrs.get(name)]
        if not given or not given[0]:
            raise serializers.ValidationError(
                {"login": ["Give the e-mail address or the username of your account."]}
            )
        return {"identifier": given[0], "password": attrs["password"]}


class RefreshInputSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class ContentRefSerializer(serializers.Serializer):
    content_id = serializers.IntegerField(min_value=1, max_value=2**53)


class ContentBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    original_language = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)


class LibraryEntryOutputSerializer(serializers.Serializer):
    content = ContentBriefSerializer()
    added_at = serializers.DateTimeField()


class RatingInputSerializer(ContentRefSerializer):
    """PATCH semantics: a field the request leaves out keeps its stored value; `"review": ""`
    clears the review. A new rating needs `rating`."""

    rating = serializers.IntegerField(min_value=1, max_value=10, required=False)
    review = serializers.CharField(max_length=5000, allow_blank=True, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "rating" not in attrs and "review" not in attrs:
            raise serializers.ValidationError(
                {"rating": ["Send a rating, a review or both."]}, code="required"
            )
        return attrs


class RatingOutputSerializer(serializers.Serializer):
    content = ContentBriefSerializer()
    rating = serializers.IntegerField()
    review = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


def tokens_for(user: User) -> dict[str, Any]:
    from rest_framework_simplejwt.tokens import RefreshToken

    refresh = RefreshToken.for_user(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}
