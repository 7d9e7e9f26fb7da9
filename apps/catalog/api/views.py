"""Discovery: anonymous reads of the catalogue; lists are cached per catalogue version and paginated."""

from collections.abc import Callable, Sequence
from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from apps.catalog import selectors
from apps.catalog.api.serializers import (
    ContentDetailSerializer,
    ContentListSerializer,
    GenreListFilterSerializer,
    ListFilterSerializer,
    SearchFilterSerializer,
    TrendingFilterSerializer,
    WhereToWatchFilterSerializer,
)
from apps.catalog.cards import title_cards
from apps.catalog.genres import GENRES
from apps.catalog.list_cache import TTL_SECONDS, cached
from apps.catalog.models import Content
from apps.catalog.offers import offers
from apps.core.api.pagination import StandardPagination
from apps.core.api.schema import ERROR_RESPONSES
from apps.core.events import InteractionKind, interaction_announce, search_announce
from apps.core.exceptions import NotFoundError
from apps.core.viewing import default_country

LIST_RESPONSES = {200: ContentListSerializer(many=True), **ERROR_RESPONSES}
DETAILS_TTL = 60  # our users' average rating moves with every rating
SEARCH_RESULTS = 200  # a search's results, over every page


class _DiscoveryApi(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = ContentListSerializer
    queryset = (
        Content.objects.none()
    )  # lists come from selectors; this names the model for the schema

    country: str | None = None  # the visitor's country for the cards' where-to-watch

    def _cards(self, ids: list[int]) -> Response:
        """A page of title cards (apps/catalog/cards.py), where to watch in the visitor's country."""
        cards = title_cards(ids, country=self.country or default_country())
        return self.get_paginated_response(ContentListSerializer(cards, many=True).data)

    def _page_of_ids(self, ids: list[int]) -> Response:
        # the paginator only slices it (apps/core/api/pagination.py): a Sequence to DRF's types
        return self._cards(list(self.paginate_queryset(cast(Sequence[int], ids)) or []))

    def _page_of_list(self, ids: QuerySet[Content, int] | selectors.GenreListing) -> Response:
        """A page of a list read lazily (`selectors.content_list_ids`): the page's ids and its
        capped count are read, not the whole list."""
        # the paginator only slices it (apps/core/api/pagination.py): a Sequence to DRF's types
        return self._cards(list(self.paginate_queryset(cast(Sequence[int], ids)) or []))

    def _params(self, serializer_class: type[Any], request: Request) -> Any:
        params = serializer_class(data=request.query_params, context={"request": request})
        params.is_valid(raise_exception=True)
        self.country = params.visitor_country()
        return params

    def cached_page(
        self, request: Request, build: Callable[[], Response], variant: str = ""
    ) -> Response:
        """The same URL gives the same page until the TTL runs out or curation bumps the version;
        `variant` separates what the URL alone does not say (the user's own platforms, country)."""
        key = f"page:{request.get_full_path()}|{variant}|{self.country}"
        return Response(cached(key, lambda: build().data, ttl=TTL_SECONDS))


class TrendingApi(_DiscoveryApi):
    @extend_schema(
        tags=["content"],
        summary="Trending: our users' recent activity blended with source popularity",
        parameters=[TrendingFilterSerializer],
        responses=LIST_RESPONSES,
    )
    def get(self, request: Request) -> Response:
        params = self._params(TrendingFilterSerializer, request)
        window = params.validated_data.pop("window")
        filters = params.filters()
        return self.cached_page(
            request,
            lambda: self._page_of_ids(selectors.content_trending(filters=filters, window=window)),
            variant=filters.key(),
        )


class PopularApi(_DiscoveryApi):
    @extend_schema(
        tags=["content"],
        summary="Popular titles with filters and ordering",
        parameters=[ListFilterSerializer],
        responses=LIST_RESPONSES,
    )
    def get(self, request: Request) -> Response:
        params = self._params(ListFilterSerializer, request)
        ordering = params.validated_data.pop("ordering")
        filters = params.filters()
        return self.cached_page(
            request,
            lambda: self._page_of_list(
                selectors.content_list_ids(filters=filters, ordering=ordering)
            ),
            variant=filters.key(),
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
        params = self._params(GenreListFilterSerializer, request)
        ordering = params.validated_data.pop("ordering")
        params.validated_data["genre"] = genre
        filters = params.filters()
        return self.cached_page(
            request,
            lambda: self._page_of_list(
                selectors.content_list_ids(filters=filters, ordering=ordering)
            ),
            variant=filters.key(),
        )


class SearchApi(_DiscoveryApi):
    pagination_class = StandardPagination  # builds the results only as deep as the page

    @extend_schema(
        tags=["content"],
        summary="Search titles (typo-tolerant) with filters; recorded in search history",
        parameters=[SearchFilterSerializer],
        responses=LIST_RESPONSES,
    )
    def get(self, request: Request) -> Response:
        params = self._params(SearchFilterSerializer, request)
        query = params.validated_data.pop("q").strip()
        filters = params.filters()
        # the results up to the page asked for and one more (is there a next page?), never
        # more than SEARCH_RESULTS: each tier is asked only for what the page can show
        depth = cast(StandardPagination, self.paginator).depth(request, most=SEARCH_RESULTS)
        ids = selectors.content_search(query=query, filters=filters, limit=depth)
        user = request.user if request.user.is_authenticated else None
        filter_values = {k: v for k, v in params.validated_data.items() if v is not None}
        # recorded by apps.analytics (apps/core/events.py): the catalogue sits below it
        search_announce(
            sender=SearchApi, user=user, query=query, filters=filter_values, result_count=len(ids)
        )
        response = self._page_of_ids(ids)
        if len(ids) == depth < SEARCH_RESULTS:  # more may match past the page's next one
            response.data["count_is_lower_bound"] = True
        return response


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
        if request.user.is_authenticated:
            content = Content(pk=content_id)
            data["user_state"] = selectors.content_user_state(
                user_id=request.user.pk, content=content
            )
            interaction_announce(
                sender=DetailsApi,
                kind=InteractionKind.VIEW,
                user=request.user,
                content=content,
                context={"source": request.query_params.get("source", "")[:64]},
            )
        return Response(data)


class SimilarApi(_DiscoveryApi):
    @extend_schema(
        tags=["content"],
        summary="Titles similar to this one (genres, language, era, popularity)",
        parameters=[WhereToWatchFilterSerializer],
        responses=LIST_RESPONSES,
    )
    def get(self, request: Request, content_id: int) -> Response:
        filters = self._params(WhereToWatchFilterSerializer, request).filters()
        content = selectors.content_get(content_id=content_id)
        ids = selectors.content_similar(content=content, limit=100)
        if filters.platforms is not None:
            allowed = offers().allowed_ids(filters.platforms, filters.country)
            ids = [i for i in ids if i in allowed]
        return self._page_of_ids(ids)
