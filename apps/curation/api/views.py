"""Curation API: the public featured list and the staff-only admin API (docs/curation.md).

Admin endpoints: anonymous -> 401; signed-in callers who are not staff, or staff without the
model permissions the endpoint needs (the Curators group holds them, apps/curation/roles.py),
-> 403. Every write goes through a curation service, which records the audit entry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.analytics.selectors import analytics_summary
from apps.catalog.models import Content
from apps.core.api.schema import ERROR_RESPONSES
from apps.core.exceptions import ApplicationError, NotFoundError
from apps.core.viewing import viewing_of
from apps.curation import selectors, services
from apps.curation.api import serializers as s
from apps.curation.api.permissions import HasModelPermissions, require_perms
from apps.curation.models import Collection, FeaturedItem, TelegramPost


class FeaturedApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["curation"],
        summary="What is featured for this visitor now (slot, languages, state, country)",
        parameters=[s.FeaturedQuerySerializer],
        responses={200: s.FeaturedOutputSerializer(many=True), **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        params = s.FeaturedQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        # what the query does not say comes from where the visitor is (profile, else IP)
        context = selectors.featured_audience(
            viewing_of(request),
            languages=data.get("languages") or None,
            state=data.get("state"),
            country=data.get("country"),
        )
        items = selectors.featured_for(context, slot=data.get("slot"))
        return Response({"results": s.FeaturedOutputSerializer(items, many=True).data})


def _curator(request: Request) -> User:
    """The signed-in staff member (HasModelPermissions has already refused everyone else)."""
    user = request.user
    assert isinstance(user, User)
    return user


class _AdminApi(GenericAPIView):
    permission_classes = [HasModelPermissions]
    queryset = Content.objects.none()
    required_perms: dict[str, tuple[str, ...]] = {}


def _contents(ids: list[int]) -> list[Content]:
    found = {c.pk: c for c in Content.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFoundError("Unknown content ids.", details={"content_ids": missing})
    return [found[i] for i in ids]


class AdminContentSearchApi(_AdminApi):
    serializer_class = s.AdminContentSerializer
    required_perms = {"GET": ("catalog.view_content",)}

    @extend_schema(
        tags=["curation-admin"],
        summary="Curators' content search with filters for what needs fixing",
        parameters=[s.AdminSearchSerializer],
        responses={200: s.AdminContentSerializer(many=True), **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        params = s.AdminSearchSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        search = selectors.AdminSearch(query=data.pop("q"), **data)
        page = self.paginate_queryset(selectors.content_admin_search(search))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class AdminCurateApi(_AdminApi):
    # seeing titles lets a curator in; each action then needs its own (CURATE_PERMS)
    required_perms = {"POST": ("catalog.view_content",)}

    @extend_schema(
        tags=["curation-admin"],
        summary="feature, hide, unhide, annotate, merge or add to a collection",
        request=s.CurateInputSerializer,
        responses={200: dict, **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        params = s.CurateInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        require_perms(request, CURATE_PERMS[data["action"]])
        contents = _contents(data["content_ids"])
        return Response(_CURATE[data["action"]](request, contents, data))


def _feature(request: Request, contents: list[Content], data: dict[str, Any]) -> dict[str, Any]:
    items = [
        services.featured_create(
            actor=_curator(request),
            content=content,
            slot=data["slot"],
            languages=data.get("languages"),
            states=data.get("states"),
            countries=data.get("countries"),
            audience=data["audience"],
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            order=data["order"],
        )
        for content in contents
    ]
    return {"action": "feature", "featured_ids": [item.pk for item in items]}


def _hide(hidden: bool) -> Any:
    def run(request: Request, contents: list[Content], data: dict[str, Any]) -> dict[str, Any]:
        changed = services.content_set_hidden(
            actor=_curator(request),
            contents=Content.objects.filter(pk__in=[c.pk for c in contents]),
            hidden=hidden,
        )
        return {"action": data["action"], "changed": changed}

    return run


def _annotate(request: Request, contents: list[Content], data: dict[str, Any]) -> dict[str, Any]:
    notes = [
        services.content_annotate(actor=_curator(request), content=c, text=data["note"])
        for c in contents
    ]
    return {"action": "annotate", "note_ids": [note.pk for note in notes]}


def _merge(request: Request, contents: list[Content], data: dict[str, Any]) -> dict[str, Any]:
    target = _contents([data["into"]])[0]
    kept = services.content_merge(actor=_curator(request), source=contents[0], target=target)
    return {"action": "merge", "content_id": kept.pk, "merged_from": data["content_ids"][0]}


def _add(request: Request, contents: list[Content], data: dict[str, Any]) -> dict[str, Any]:
    collection = Collection.objects.filter(slug=data["collection"]).first()
    if collection is None:
        raise NotFoundError("Unknown collection.", details={"collection": data["collection"]})
    added = services.collection_add(
        actor=_curator(request), collection=collection, contents=contents
    )
    return {"action": "add_to_collection", "added": [item.content_id for item in added]}


CURATE_PERMS: dict[str, tuple[str, ...]] = {
    "feature": ("curation.add_featureditem",),
    "hide": ("catalog.change_content",),
    "unhide": ("catalog.change_content",),
    "annotate": ("curation.add_contentnote",),
    "merge": ("catalog.change_content", "catalog.change_matchreview"),
    "add_to_collection": ("curation.add_collectionitem",),
}

_CURATE = {
    "feature": _feature,
    "hide": _hide(True),
    "unhide": _hide(False),
    "annotate": _annotate,
    "merge": _merge,
    "add_to_collection": _add,
}


class AdminFeaturedApi(_AdminApi):
    serializer_class = s.FeaturedAdminOutputSerializer
    required_perms = {
        "GET": ("curation.view_featureditem",),
        "POST": ("curation.add_featureditem",),
    }

    def get_queryset(self) -> QuerySet[FeaturedItem]:
        return FeaturedItem.objects.order_by("slot", "order", "-starts_at", "id")

    @extend_schema(
        tags=["curation-admin"],
        summary="Every featured item (past, live and scheduled)",
        responses={200: s.FeaturedAdminOutputSerializer(many=True), **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        tags=["curation-admin"],
        summary="Feature a title in a slot with targeting and a time window",
        request=s.FeaturedInputSerializer,
        responses={201: s.FeaturedAdminOutputSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        params = s.FeaturedInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        content = _contents([data.pop("content_id")])[0]
        item = services.featured_create(actor=_curator(request), content=content, **data)
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)


class AdminFeaturedDetailApi(_AdminApi):
    required_perms = {"DELETE": ("curation.delete_featureditem",)}

    @extend_schema(
        tags=["curation-admin"],
        summary="Remove a featured item",
        responses={204: None, **ERROR_RESPONSES},
    )
    def delete(self, request: Request, pk: int) -> Response:
        item = FeaturedItem.objects.filter(pk=pk).first()
        if item is None:
            raise NotFoundError(f"Featured item {pk} does not exist.", details={"id": pk})
        services.featured_delete(actor=_curator(request), item=item)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AdminTelegramPublishApi(_AdminApi):
    required_perms = {"POST": ("curation.add_telegrampost",)}

    @extend_schema(
        tags=["curation-admin"],
        summary="Publish a title or a collection to the Telegram channel (once per campaign)",
        request=s.PublishInputSerializer,
        responses={202: s.TelegramPostSerializer, 200: s.TelegramPostSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        params = s.PublishInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        content = _contents([data["content_id"]])[0] if "content_id" in data else None
        collection = None
        if "collection" in data:
            collection = Collection.objects.filter(slug=data["collection"]).first()
            if collection is None:
                raise NotFoundError(
                    "Unknown collection.", details={"collection": data["collection"]}
                )
        post, created = services.telegram_publish_request(
            actor=_curator(request),
            content=content,
            collection=collection,
            campaign=data["campaign"],
        )
        post.refresh_from_db()
        body = {**s.TelegramPostSerializer(post).data, "created": created}
        return Response(body, status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)


class AdminTelegramPostsApi(_AdminApi):
    serializer_class = s.TelegramPostSerializer
    required_perms = {"GET": ("curation.view_telegrampost",)}

    @extend_schema(
        tags=["curation-admin"],
        summary="Telegram posts, newest first (?status=failed for the ones to retry)",
        responses={200: s.TelegramPostSerializer(many=True), **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        wanted = request.query_params.get("status")
        if wanted and wanted not in TelegramPost.Status.values:
            raise ApplicationError("Unknown status.", details={"status": wanted})
        page = self.paginate_queryset(selectors.telegram_posts(status=wanted))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class AdminAnalyticsApi(_AdminApi):
    required_perms = {"GET": ("analytics.view_dailymetric",)}

    @extend_schema(
        tags=["curation-admin"],
        summary="Daily rollups, title performance, recommendation CTR and the system panel",
        parameters=[s.AnalyticsQuerySerializer],
        responses={200: dict, **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        params = s.AnalyticsQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        end: date = params.validated_data.get("to") or timezone.localdate()
        start: date = params.validated_data.get("from_") or end - timedelta(days=29)
        if (end - start).days > 366:
            raise ApplicationError(
                "At most a year at a time.", details={"from": str(start), "to": str(end)}
            )
        return Response(analytics_summary(start=start, end=end))
