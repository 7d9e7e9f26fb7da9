"""The signed-in user's profile and library: watchlist, favorites and ratings."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts import selectors, services
from apps.accounts.api.serializers import (
    ContentRefSerializer,
    LibraryEntryOutputSerializer,
    ProfileSerializer,
    RatingInputSerializer,
    RatingOutputSerializer,
    UserOutputSerializer,
)
from apps.accounts.models import User
from apps.catalog.selectors import content_get
from apps.core.api.schema import ERROR_RESPONSES


def current_user(request: Request) -> User:
    """The authenticated user (every view here requires authentication)."""
    assert isinstance(request.user, User)
    return request.user


def _context(request: Request) -> dict[str, Any]:
    """Where a library write came from, for the interaction log (?source=page-name)."""
    source = request.query_params.get("source", "")[:64]
    return {"source": source} if source else {}


class ProfileApi(APIView):
    @extend_schema(
        tags=["user"],
        summary="The signed-in user's profile",
        responses={200: UserOutputSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        return Response(UserOutputSerializer(current_user(request)).data)

    @extend_schema(
        tags=["user"],
        summary="Replace the editable profile fields",
        request=ProfileSerializer,
        responses={200: UserOutputSerializer, **ERROR_RESPONSES},
        examples=[
            OpenApiExample(
                "Profile",
                value={
                    "handle": "asha-reads",
                    "display_name": "Asha",
                    "preferred_languages": ["te", "ta", "en"],
                    "preferred_genres": ["action", "romance"],
                    "preferred_content_types": ["movie"],
                    "country": "IN",
                    "region": "Telangana",
                    "ui_language": "te",
                    "onboarding_completed": True,
                },
                request_only=True,
            )
        ],
    )
    def put(self, request: Request) -> Response:
        return self._update(request, partial=False)

    @extend_schema(
        tags=["user"],
        summary="Change some profile fields",
        request=ProfileSerializer,
        responses={200: UserOutputSerializer, **ERROR_RESPONSES},
    )
    def patch(self, request: Request) -> Response:
        return self._update(request, partial=True)

    def _update(self, request: Request, *, partial: bool) -> Response:
        data = ProfileSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        user = services.profile_update(user=current_user(request), data=data.validated_data)
        return Response(UserOutputSerializer(user).data)


class _LibraryListApi(GenericAPIView):
    """GET lists (paginated), POST {"content_id"} adds, DELETE {"content_id"} removes."""

    serializer_class = LibraryEntryOutputSerializer
    selector: Callable[..., QuerySet[Any]]
    add_service: Callable[..., tuple[Any, bool]]
    remove_service: Callable[..., None]

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(type(self).selector(user=current_user(request)))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def post(self, request: Request) -> Response:
        ref = ContentRefSerializer(data=request.data)
        ref.is_valid(raise_exception=True)
        content = content_get(content_id=ref.validated_data["content_id"])
        entry, created = type(self).add_service(
            user=current_user(request), content=content, context=_context(request)
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.get_serializer(entry).data, status=code)

    def delete(self, request: Request) -> Response:
        ref = ContentRefSerializer(data=request.data)
        ref.is_valid(raise_exception=True)
        type(self).remove_service(
            user=current_user(request),
            content_id=ref.validated_data["content_id"],
            context=_context(request),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class _LibraryItemApi(APIView):
    """DELETE /<list>/{content_id}: the same removal with the id in the path."""

    remove_service: Callable[..., None]

    def delete(self, request: Request, content_id: int) -> Response:
        type(self).remove_service(
            user=current_user(request), content_id=content_id, context=_context(request)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def _library_schema(name: str) -> Callable[[type[_LibraryListApi]], type[_LibraryListApi]]:
    example = OpenApiExample(name, value={"content_id": 42}, request_only=True)
    return extend_schema_view(
        get=extend_schema(tags=["user"], summary=f"List the {name}"),
        post=extend_schema(
            tags=["user"],
            summary=f"Add a title to the {name} (201 new, 200 already there)",
            request=ContentRefSerializer,
            responses={
                201: LibraryEntryOutputSerializer,
                200: LibraryEntryOutputSerializer,
                **ERROR_RESPONSES,
            },
            examples=[example],
        ),
        delete=extend_schema(
            tags=["user"],
            summary=f"Remove a title from the {name}",
            request=ContentRefSerializer,
            responses={204: OpenApiResponse(description="Removed"), **ERROR_RESPONSES},
        ),
    )


@_library_schema("watchlist")
class WatchlistApi(_LibraryListApi):
    selector = staticmethod(selectors.watchlist_list)
    add_service = staticmethod(services.watchlist_add)
    remove_service = staticmethod(services.watchlist_remove)


@_library_schema("favorites")
class FavoritesApi(_LibraryListApi):
    selector = staticmethod(selectors.favorite_list)
    add_service = staticmethod(services.favorite_add)
    remove_service = staticmethod(services.favorite_remove)


_REMOVED = {204: OpenApiResponse(description="Removed"), **ERROR_RESPONSES}


@extend_schema_view(
    delete=extend_schema(
        tags=["user"],
        operation_id="user_watchlist_item_destroy",
        summary="Remove a title from the watchlist",
        responses=_REMOVED,
    )
)
class WatchlistItemApi(_LibraryItemApi):
    remove_service = staticmethod(services.watchlist_remove)


@extend_schema_view(
    delete=extend_schema(
        tags=["user"],
        operation_id="user_favorites_item_destroy",
        summary="Remove a title from the favorites",
        responses=_REMOVED,
    )
)
class FavoriteItemApi(_LibraryItemApi):
    remove_service = staticmethod(services.favorite_remove)


@extend_schema_view(
    get=extend_schema(tags=["user"], summary="List the signed-in user's ratings"),
    post=extend_schema(
        tags=["user"],
        summary="Rate a title 1-10 (creates, or updates the one existing rating: fields left out keep their value)",
        request=RatingInputSerializer,
        responses={201: RatingOutputSerializer, 200: RatingOutputSerializer, **ERROR_RESPONSES},
        examples=[
            OpenApiExample(
                "Rate",
                value={"content_id": 42, "rating": 8, "review": "Gripping second half."},
                request_only=True,
            )
        ],
    ),
)
class RatingApi(GenericAPIView):
    serializer_class = RatingOutputSerializer

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.rating_list(user=current_user(request)))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def post(self, request: Request) -> Response:
        data = RatingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        row, created = services.rating_upsert(
            user=current_user(request),
            content=content_get(content_id=values["content_id"]),
            rating=values.get("rating"),
            review=values.get("review"),
            context=_context(request),
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.get_serializer(row).data, status=code)


@extend_schema_view(
    delete=extend_schema(
        tags=["user"], summary="Delete the user's rating of a title", responses=_REMOVED
    )
)
class RatingItemApi(APIView):
    def delete(self, request: Request, content_id: int) -> Response:
        services.rating_delete(user=current_user(request), content_id=content_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
