"""Public reviews of a title, helpful votes and reports; named and public lists."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import Rating, User
from apps.catalog.selectors import content_get
from apps.core.api.schema import ERROR_RESPONSES
from apps.core.exceptions import NotFoundError
from apps.social import selectors, services
from apps.social.api.serializers import (
    ListContentSerializer,
    ListInputSerializer,
    ListItemInputSerializer,
    ListOutputSerializer,
    ListUpdateSerializer,
    ReportInputSerializer,
    ReviewInputSerializer,
    ReviewOutputSerializer,
    ReviewQuerySerializer,
)
from apps.social.api.throttling import SocialWriteThrottle
from apps.social.models import UserList
from apps.social.share import list_share_meta

_DONE = {204: OpenApiResponse(description="Done"), **ERROR_RESPONSES}


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


class _WriteThrottled:
    """The per-user write limit applies to unsafe methods only; reads keep the general one."""

    def get_throttles(self) -> list[Any]:
        throttles = super().get_throttles()  # type: ignore[misc]
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):  # type: ignore[attr-defined]
            throttles.append(SocialWriteThrottle())
        return throttles

    def get_permissions(self) -> list[Any]:
        if self.request.method in ("GET", "HEAD", "OPTIONS"):  # type: ignore[attr-defined]
            return [AllowAny()]
        return [IsAuthenticated()]


class ContentReviewsApi(_WriteThrottled, GenericAPIView):
    serializer_class = ReviewOutputSerializer
    queryset = Rating.objects.none()  # for the schema; reads go through selectors.review_list

    @extend_schema(
        tags=["reviews"],
        summary="Public reviews of a title, newest or most helpful first",
        parameters=[
            OpenApiParameter("ordering", enum=["newest", "helpful"]),
            OpenApiParameter("language", str),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: ReviewOutputSerializer(many=True), **ERROR_RESPONSES},
    )
    def get(self, request: Request, content_id: int) -> Response:
        query = ReviewQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        content = content_get(content_id=content_id)
        qs = selectors.review_list(content=content, **query.validated_data)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        tags=["reviews"],
        summary="Rate and review a title (creates or replaces your review); rate limited",
        request=ReviewInputSerializer,
        responses={201: ReviewOutputSerializer, 200: ReviewOutputSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request, content_id: int) -> Response:
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row, created = services.review_write(
            user=_user(request), content=content_get(content_id=content_id), **data.validated_data
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.get_serializer(row).data, status=code)


class HelpfulVoteApi(_WriteThrottled, APIView):
    @extend_schema(
        tags=["reviews"],
        summary="Mark a review helpful (one vote per user: 201 new, 200 already)",
        request=None,
        responses={201: OpenApiResponse(), 200: OpenApiResponse(), **ERROR_RESPONSES},
    )
    def post(self, request: Request, review_id: int) -> Response:
        review = selectors.review_get_visible(review_id=review_id)
        created = services.helpful_vote(user=_user(request), review=review)
        count = review.helpful_votes.count()
        return Response(
            {"review_id": review_id, "helpful_count": count},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(tags=["reviews"], summary="Take back a helpful vote", responses=_DONE)
    def delete(self, request: Request, review_id: int) -> Response:
        services.helpful_unvote(user=_user(request), review_id=review_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReviewReportApi(_WriteThrottled, APIView):
    @extend_schema(
        tags=["reviews"],
        summary="Report a review to the curators (201 new, 200 already reported)",
        request=ReportInputSerializer,
        responses={201: OpenApiResponse(), 200: OpenApiResponse(), **ERROR_RESPONSES},
    )
    def post(self, request: Request, review_id: int) -> Response:
        data = ReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = selectors.review_get_visible(review_id=review_id)
        report, created = services.review_report(
            user=_user(request), review=review, **data.validated_data
        )
        body = {"id": report.pk, "review_id": review_id, "status": report.status}
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _list_body(request: Request, user_list: UserList, *, items: bool) -> dict[str, Any]:
    body = dict(ListOutputSerializer(user_list).data)
    share = list_share_meta(user_list=user_list, base_url=request.build_absolute_uri("/"))
    body["share"] = share.as_json() if user_list.is_public else None
    if items:
        contents = selectors.list_contents(user_list=user_list)
        body["items"] = ListContentSerializer(contents, many=True).data
    return body


class ListsApi(GenericAPIView):
    serializer_class = ListOutputSerializer

    def get_throttles(self) -> list[Any]:
        throttles = super().get_throttles()
        if self.request.method == "POST":
            throttles.append(SocialWriteThrottle())
        return throttles

    @extend_schema(
        tags=["lists"], operation_id="lists_mine", summary="Your lists (public and private)"
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.list_mine(user=_user(request)))
        return self.get_paginated_response(
            [_list_body(request, lst, items=False) for lst in page or []]
        )

    @extend_schema(
        tags=["lists"],
        summary="Create a named list, or publish your watchlist/favourites (kind)",
        request=ListInputSerializer,
        responses={201: ListOutputSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        data = ListInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user_list = services.list_create(owner=_user(request), data=data.validated_data)
        return Response(_list_body(request, user_list, items=True), status=status.HTTP_201_CREATED)


class _OwnListMixin:
    def own_list(self, request: Request, slug: str) -> UserList:
        user_list = selectors.list_get(slug=slug, viewer=_user(request))
        if user_list.owner_id != request.user.pk:
            raise NotFoundError(f"List {slug!r} is not yours.", details={"slug": slug})
        return user_list


class ListDetailApi(_OwnListMixin, APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(
        tags=["lists"],
        summary="A public list (anyone) or your own private one, with share links",
        responses={200: ListOutputSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request, slug: str) -> Response:
        viewer = request.user if isinstance(request.user, User) else None
        user_list = selectors.list_get(slug=slug, viewer=viewer)
        return Response(_list_body(request, user_list, items=True))

    @extend_schema(
        tags=["lists"],
        summary="Rename, describe, publish or unpublish your list",
        request=ListUpdateSerializer,
        responses={200: ListOutputSerializer, **ERROR_RESPONSES},
    )
    def patch(self, request: Request, slug: str) -> Response:
        own = self.own_list(request, slug)  # someone else's list is a 404 whatever the body
        data = ListUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user_list = services.list_update(user_list=own, data=data.validated_data)
        return Response(_list_body(request, user_list, items=True))

    @extend_schema(tags=["lists"], summary="Delete your list", responses=_DONE)
    def delete(self, request: Request, slug: str) -> Response:
        services.list_delete(user_list=self.own_list(request, slug))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ListItemsApi(_OwnListMixin, APIView):
    @extend_schema(
        tags=["lists"],
        summary="Add a title to your named list (201 new, 200 already there)",
        request=ListItemInputSerializer,
        responses={201: ListContentSerializer, 200: ListContentSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request, slug: str) -> Response:
        user_list = self.own_list(request, slug)  # someone else's list is a 404 whatever the body
        data = ListItemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        content = content_get(content_id=data.validated_data["content_id"])
        _, created = services.list_item_add(
            user_list=user_list, content=content, note=data.validated_data["note"]
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(ListContentSerializer(content).data, status=code)


class ListItemApi(_OwnListMixin, APIView):
    @extend_schema(tags=["lists"], summary="Remove a title from your named list", responses=_DONE)
    def delete(self, request: Request, slug: str, content_id: int) -> Response:
        services.list_item_remove(user_list=self.own_list(request, slug), content_id=content_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
