"""Where to watch: a title's offers, free titles, platforms per country, the user's platforms."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.catalog.api.serializers import ContentListSerializer
from apps.catalog.cards import title_cards
from apps.catalog.models import Content
from apps.core.api.schema import ERROR_RESPONSES
from apps.core.viewing import offers_country, viewing_of
from apps.ott import selectors, services
from apps.ott.api.serializers import (
    AvailabilityOutputSerializer,
    CountryInputSerializer,
    FreeContentFilterSerializer,
    PlatformSerializer,
    UserPlatformsInputSerializer,
    UserPlatformsOutputSerializer,
)
from apps.ott.models import Platform


def _country(request: Request) -> str:
    params = CountryInputSerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    return offers_country(request, params.validated_data.get("country"))


class AvailabilityApi(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = AvailabilityOutputSerializer

    @extend_schema(
        tags=["ott"],
        summary="Where to watch one title in a country, grouped by monetisation",
        parameters=[CountryInputSerializer],
        responses={200: AvailabilityOutputSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request, content_id: int) -> Response:
        grouped = selectors.availability_grouped(content_id=content_id, country=_country(request))
        return Response(AvailabilityOutputSerializer(grouped).data)


class FreeContentApi(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = ContentListSerializer
    queryset = Content.objects.none()  # names the model for the schema

    @extend_schema(
        tags=["ott"],
        summary="Free and ad-supported titles in a country, most popular first",
        parameters=[FreeContentFilterSerializer],
        responses={200: ContentListSerializer(many=True), **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        params = FreeContentFilterSerializer(
            data=request.query_params, context={"request": request}
        )
        params.is_valid(raise_exception=True)
        country = params.visitor_country()
        platform = params.validated_data.pop("platform", None)
        filters = params.filters()
        qs = selectors.free_content(filters=filters, country=country, platform=platform)
        page = self.paginate_queryset(qs.prefetch_related(None).values_list("id", flat=True))
        cards = title_cards(list(page or []), country=country)
        return self.get_paginated_response(ContentListSerializer(cards, many=True).data)


class PlatformsApi(GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = PlatformSerializer
    pagination_class = None
    queryset = Platform.objects.none()  # names the model for the schema

    @extend_schema(
        tags=["ott"],
        summary="Platforms available in a country",
        parameters=[CountryInputSerializer],
        responses={200: PlatformSerializer(many=True), **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        platforms = selectors.platform_list(country=_country(request))
        return Response(PlatformSerializer(platforms, many=True).data)


class UserPlatformsApi(APIView):
    """A plain APIView: there is no object to look up (a GenericAPIView's OPTIONS for PUT asked
    for one and answered 500)."""

    permission_classes = [IsAuthenticated]

    def _body(self, request: Request) -> dict[str, Any]:
        return {
            "platforms": selectors.user_platform_slugs(user=request.user),
            "country": viewing_of(request).country,
        }

    @extend_schema(
        tags=["user"],
        summary="My platforms: the services available_to_me filters lists by",
        responses={200: UserPlatformsOutputSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        return Response(UserPlatformsOutputSerializer(self._body(request)).data)

    @extend_schema(
        tags=["user"],
        summary="Replace my platforms (slugs from GET /api/ott/platforms)",
        request=UserPlatformsInputSerializer,
        responses={200: UserPlatformsOutputSerializer, **ERROR_RESPONSES},
    )
    def put(self, request: Request) -> Response:
        body = UserPlatformsInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.user_platforms_set(user=request.user, slugs=body.validated_data["platforms"])
        return Response(UserPlatformsOutputSerializer(self._body(request)).data)
