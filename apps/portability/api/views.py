"""Imports, the data export and account deletion for the signed-in user."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser, FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.api.user_views import current_user
from apps.accounts.limits import password_guard
from apps.core.api.schema import ERROR_RESPONSES
from apps.portability import personal, selectors, services
from apps.portability.api.serializers import (
    AccountDeleteSerializer,
    ExportQuerySerializer,
    ImportAcceptedSerializer,
    ImportInputSerializer,
    ImportOutputSerializer,
)
from apps.portability.api.throttling import ImportAddressThrottle, ImportThrottle
from apps.portability.api.uploads import CappedUploadHandler


class ImportCreateApi(APIView):
    """Checks size and type, stores the file and queues the task; parsing happens there."""

    parser_classes = [MultiPartParser]

    def get_throttles(self) -> list[Any]:
        return [*super().get_throttles(), ImportThrottle(), ImportAddressThrottle()]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Before authentication: a session's CSRF check may read the body first.
        limit = services.import_max_bytes()
        request._request.upload_handlers = [CappedUploadHandler(request._request, limit=limit)]
        super().initial(request, *args, **kwargs)

    @extend_schema(
        tags=["user"],
        summary="Upload an IMDb, Letterboxd or MyAnimeList export (202; parsing and matching run "
        "in a task)",
        request={"multipart/form-data": ImportInputSerializer},
        responses={202: ImportAcceptedSerializer, 413: OpenApiResponse(), **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        data = ImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        job = services.import_create(
            user=current_user(request),
            fmt=data.validated_data["format"],
            filename=upload.name or "",
            data=upload.read(),
        )
        url = reverse("portability-api:import-detail", args=[job.pk])
        body = {"id": job.pk, "status": job.status, "url": url}
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": url})


class ImportDetailApi(APIView):
    @extend_schema(
        tags=["user"],
        summary="An import's status, progress, counts and the rows that matched nothing",
        responses={200: ImportOutputSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request, import_id: int) -> Response:
        job = selectors.import_get(user=current_user(request), import_id=import_id)
        return Response(ImportOutputSerializer(job).data)


class _FirstRenderer(BaseContentNegotiation):
    """`format` here names the export's format, not DRF's renderer override: always JSON, and a
    CSV export goes out as a plain HttpResponse."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


class ExportApi(APIView):
    content_negotiation_class = _FirstRenderer

    @extend_schema(
        tags=["user"],
        summary="Download everything stored about you (JSON) or your library (CSV)",
        parameters=[OpenApiParameter("format", enum=["json", "csv"], default="json")],
        responses={200: OpenApiResponse(description="the export"), **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> HttpResponse:
        query = ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        user = current_user(request)
        if query.validated_data["format"] == "csv":
            response = HttpResponse(
                personal.export_csv(user=user), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = 'attachment; filename="cinerec-export.csv"'
            return response
        return Response(personal.export_data(user=user))


class AccountApi(APIView):
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        tags=["user"],
        summary="Delete the account (password required): personal data and tokens are removed",
        request=AccountDeleteSerializer,
        responses={
            204: OpenApiResponse(description="Deleted"),
            403: OpenApiResponse(),
            **ERROR_RESPONSES,
        },
    )
    def delete(self, request: Request) -> Response:
        data = AccountDeleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = current_user(request)
        with password_guard(request, user=user):  # the sign-in budgets (apps/accounts/limits.py)
            personal.account_delete(user=user, password=data.validated_data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)
