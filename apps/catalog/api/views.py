"""Discovery: anonymous reads of the catalogue; lists are cached per catalogue version and paginated."""

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.models import Favorite, Rating, User, WatchlistItem
from apps.analytics.models import InteractionKind
from apps.analytics.services import interaction_record, search_record
from apps.catalog import selectors
from apps.catalog.api.serializers import (
    ContentDetailSerializer,
    ContentListSerializer,
    GenreListFilterSerializer,
    ListFilterSerializer,
    SearchFilterSerializer,
    TrendingFilterSerializer,
)
from apps.catalog.cache import TTL_SECONDS, cached
from apps.catalog.genres import GENRES
from apps.catalog.models import Content
from apps.core.api.schema import ERROR_RESPONSES
from apps.core.exceptions import NotFoundError

LIST_RESPONSES = {200: ContentListSerializer(many=True), **ERROR_RESPONSES}
DETAILS_TTL = 60  # our users' average rating moves with every rating


class _DiscoveryApi(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = ContentListSerializer
    queryset = (
        Content.objects.none()
    )  # lists come from selectors; this names the model for the schema

    def _page_of_ids(self, ids: list[int]) -> Response:
        page = self.paginate_queryset(ids)
        contents = selectors.contents_by_ids(list(page or []))
        return self.get_paginated_response(self.get_serializer(contents, many=True).data)

    def _page_of_queryset(self, qs: Any) -> Response:
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def cached_page(self, request: Request, build: Callable[[], Response]) -> Response:
        """The same URL gives the same page until the TTL runs out or curation bumps the version."""
        return Response(
            cached(f"page:{request.get_full_path()}", lambda: build().data, ttl=TTL_SECONDS)
        )


class TrendingApi(_DiscoveryApi):
    @extend_schema(
        tags=["content"],
        summary="Trending: our users' recent activity blended with source popularity",
        parameters=[TrendingFilterSerializer],
        responses=LIST_RESPONSES,
    )
    def get(self, request: Request) -> Response:
        params = TrendingFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        window = params.validated_data.pop("window")
        filters = params.filters()
        return self.cached_page(
            request,
            lambda: self._page_of_ids(selectors.content_trending(filters=filters, window=window)),
        )


class PopularApi(_DiscoveryApi):
    @extend_schema(
        tags=["content"],
        summary="Popular titles with filters and ordering",
        parameters=[ListFilterSerializer],
        responses=LIST_RESPONSES,
    )
    def get(self, request: Request) -> Response:
        params = ListFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        ordering = params.validated_data.pop("ordering")
        filters = params.filters()
        return self.cached_page(
            request,
            lambda: self._page_of_queryset(
                selectors.content_list(filters=filters, ordering=ordering)
            ),
        )


class GenreApi(_DiscoveryApi):
    @extend_schema(
        tags=["content"],
        summary="Titles of one genre",
        parameters=[
            GenreListFilterSerializer,
            OpenApiParameter("genre", str, OpenApiParameter.PATH, enum=sorted(GENRES)),
        ],
        responses=LIST_RESPONSES,
    )
    def get(self, request: Request, genre: str) -> Response:
        if genre not in GENRES:
            raise NotFoundError(
                f"Unknown genre {genre!r}.", details={"genre": genre, "known": sorted(GENRES)}
            )
        params = GenreListFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        ordering = params.validated_data.pop("ordering")
        params.validated_data["genre"] = genre
        filters = params.filters()
        return self.cached_page(
            request,
            lambda: self._page_of_queryset(
                selectors.content_list(filters=filters, ordering=ordering)
            ),
        )


class SearchApi(_DiscoveryApi):
    @extend_schema(
        tags=["content"],
        summary="Search titles (typo-tolerant) with filters; recorded in search history",
        parameters=[SearchFilterSerializer],
        responses=LIST_RESPONSES,
    )
    def get(self, request: Request) -> Response:
        params = SearchFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        query = params.validated_data.pop("q").strip()
        filters = params.filters()
        ids = selectors.content_search(query=query, filters=filters)
        user = request.user if isinstance(request.user, User) else None
        filter_values = {k: v for k, v in params.validated_data.items() if v is not None}
        search_record(user=user, query=query, filters=filter_values, result_count=len(ids))
        return self._page_of_ids(ids)


class DetailsApi(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = ContentDetailSerializer

    @extend_schema(
        tags=["content"],
        summary="Merged metadata, every source's ratings, trailer, where to watch, your own state",
        responses={200: ContentDetailSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request, content_id: int) -> Response:
        def build() -> dict[str, Any]:
            content = selectors.content_get(content_id=content_id)
            context = {
                "request": request,
                "user_ratings": selectors.content_user_ratings(content=content),
            }
            return dict(ContentDetailSerializer(content, context=context).data)

        data = {**cached(f"details:{content_id}", build, ttl=DETAILS_TTL)}
        if isinstance(request.user, User):
            content = Content(pk=content_id)
            data["user_state"] = _user_state(request.user, content)
            interaction_record(
                kind=InteractionKind.VIEW,
                user=request.user,
                content=content,
                context={"source": request.query_params.get("source", "")[:64]},
            )
        return Response(data)


def _user_state(user: User, content: Content) -> dict[str, Any]:
    rating = Rating.objects.filter(user=user, content=content).values("rating", "review").first()
    return {
        "in_watchlist": WatchlistItem.objects.filter(user=user, content=content).exists(),
        "is_favorite": Favorite.objects.filter(user=user, content=content).exists(),
        "rating": rating["rating"] if rating else None,
        "review": rating["review"] if rating else "",
    }


class SimilarApi(_DiscoveryApi):
    @extend_schema(
        tags=["content"],
        summary="Titles similar to this one (genres, language, era, popularity)",
        responses=LIST_RESPONSES,
    )
    def get(self, request: Request, content_id: int) -> Response:
        content = selectors.content_get(content_id=content_id)
        return self._page_of_ids(selectors.content_similar(content=content, limit=100))
