"""Regional discovery: where the visitor is, lists per language, festivals. Reads only."""

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from apps.catalog.api.serializers import ContentListSerializer
from apps.catalog.cards import title_cards
from apps.catalog.list_cache import cached
from apps.catalog.models import Content
from apps.core.api.schema import ERROR_RESPONSES
from apps.core.viewing import viewing_of
from apps.core.vocabulary import State, state_lookup
from apps.regional import festivals, selectors
from apps.regional.api.serializers import (
    FestivalQuerySerializer,
    FestivalSerializer,
    RegionalListFilterSerializer,
    VisitorContextSerializer,
)


def _country(request: Request) -> str:
    return viewing_of(request).country


def _cards(ids: list[int], country: str) -> list[dict[str, Any]]:
    """The catalogue's title cards (apps/catalog/cards.py: one shape on every list), with where
    to watch in the visitor's country."""
    return list(ContentListSerializer(title_cards(ids, country=country), many=True).data)


def _context_data(request: Request) -> dict[str, Any]:
    return VisitorContextSerializer(viewing_of(request)).data


class ContextApi(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = VisitorContextSerializer

    @extend_schema(
        tags=["regional"],
        summary="Where you are (profile, IP or default country) and the languages to lead with",
        responses={200: VisitorContextSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        return Response(_context_data(request))


class _LanguageListApi(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = ContentListSerializer
    queryset = Content.objects.none()  # lists come from selectors; this names the model

    def list_ids(self, language: str, params: RegionalListFilterSerializer) -> list[int]:
        raise NotImplementedError

    def get(self, request: Request, language: str) -> Response:
        code = selectors.language_check(language)
        params = RegionalListFilterSerializer(
            data=request.query_params, context={"request": request}
        )
        params.is_valid(raise_exception=True)
        page = list(self.paginate_queryset(self.list_ids(code, params)) or [])
        country = _country(request)
        # where_to_watch is rendered in the request's language, so the cached cards are per language
        key = f"regional:cards:{country}:{get_language()}:" + ",".join(map(str, page))
        cards = cached(key, lambda: _cards(page, country))
        return self.get_paginated_response(cards)


class TrendingApi(_LanguageListApi):
    @extend_schema(
        tags=["regional"],
        summary="Trending in one language: our users' recent activity with source popularity",
        parameters=[RegionalListFilterSerializer],
        responses={200: ContentListSerializer(many=True), **ERROR_RESPONSES},
    )
    def get(self, request: Request, language: str) -> Response:
        return super().get(request, language)

    def list_ids(self, language: str, params: RegionalListFilterSerializer) -> list[int]:
        return selectors.regional_trending(language=language, filters=params.filters())


class PopularApi(_LanguageListApi):
    @extend_schema(
        tags=["regional"],
        summary="Popular in one language: long-run standing",
        parameters=[RegionalListFilterSerializer],
        responses={200: ContentListSerializer(many=True), **ERROR_RESPONSES},
    )
    def get(self, request: Request, language: str) -> Response:
        return super().get(request, language)

    def list_ids(self, language: str, params: RegionalListFilterSerializer) -> list[int]:
        return selectors.regional_popular(language=language, filters=params.filters())


def _day_and_state(request: Request) -> tuple[date, State | None, dict[str, Any]]:
    """The day asked for (today by default) and the region asked for (the visitor's by default)."""
    params = FestivalQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    context = _context_data(request)
    region = params.validated_data.get("region", "")
    if region:
        state = festivals.region_get(region)
    else:
        state = state_lookup(context["state"]) if context["country"] == "IN" else None
    return params.validated_data.get("date") or timezone.localdate(), state, context


FESTIVAL_LIST = inline_serializer(
    "FestivalList",
    {
        "date": serializers.DateField(),
        "region": serializers.CharField(allow_null=True),
        "festivals": FestivalSerializer(many=True),
        "context": VisitorContextSerializer(),
    },
)


class FestivalsApi(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = FestivalSerializer

    @extend_schema(
        tags=["regional"],
        summary="Festivals of the coming weeks; the current or next one for your region first",
        operation_id="regional_festivals_list",
        parameters=[FestivalQuerySerializer],
        responses={200: FESTIVAL_LIST, **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        day, state, context = _day_and_state(request)
        found = festivals.festivals_upcoming(on=day, state=state)
        rows = FestivalSerializer(found, many=True).data
        languages = tuple(context["languages"])
        country = _country(request)
        for row, occurrence in zip(rows, found, strict=True):
            ids = festivals.festival_collection(
                festival=occurrence.festival, languages=languages, limit=10
            )
            row["collection"] = _cards(ids, country)
        return Response(
            {
                "date": day,
                "region": state.name if state else None,
                "festivals": rows,
                "context": context,
            }
        )


class FestivalDetailApi(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = FestivalSerializer

    @extend_schema(
        tags=["regional"],
        summary="One festival: its next dates and its collection in your languages",
        operation_id="regional_festival_retrieve",
        parameters=[FestivalQuerySerializer],
        responses={200: FestivalSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request, slug: str) -> Response:
        day, state, context = _day_and_state(request)
        festival = festivals.festival_get(slug=slug)
        occurrence = festivals.festival_next(festival=festival, on=day, state=state)
        data: dict[str, Any] = (
            dict(FestivalSerializer(occurrence).data)
            if occurrence is not None
            else {"slug": festival.slug, "name": festival.name, "starts": None}
        )
        ids = festivals.festival_collection(
            festival=festival, languages=tuple(context["languages"])
        )
        data["collection"] = _cards(ids, _country(request))
        data["context"] = context
        return Response(data)
