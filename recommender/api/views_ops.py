"""Operations: training (staff), model status, analytics."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAdminUser, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.schema import ERROR_RESPONSES
from apps.core.exceptions import NotFoundError
from apps.core.numbers import parse_int
from recommender import reports
from recommender.api.schema_ops import (
    ContentPerformanceOutputSerializer,
    ModelStatusOutputSerializer,
    RegionalTrendsOutputSerializer,
    TrainingRunOutputSerializer,
    UserPatternsOutputSerializer,
)
from recommender.models import ModelArtifact, TrainingRun
from recommender.selectors import visible_user
from recommender.services import training_run_start
from recommender.serving.chain import CHAIN
from recommender.serving.registry import registry
from recommender.training.runs import ALL_ALGORITHMS


def _run_body(run: TrainingRun) -> dict[str, object]:
    return {
        "run_id": run.pk,
        "task_id": run.task_id,
        "status": run.status,
        "algorithms": run.algorithms,
        "progress": run.progress,
        "error": run.error,
        "created_at": run.created_at,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "status_url": f"/api/ml/train/runs/{run.pk}",
    }


class TrainApi(APIView):
    permission_classes = [IsAdminUser]
    group = "default"

    @extend_schema(
        tags=["ml-ops"],
        summary="Queue a training run (202 with the run and task ids)",
        request=None,
        responses={202: TrainingRunOutputSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        run = training_run_start(group=self.group)
        run.refresh_from_db()
        return Response(_run_body(run), status=status.HTTP_202_ACCEPTED)


class TrainCollaborativeApi(TrainApi):
    group = "collaborative"


class TrainContentApi(TrainApi):
    group = "content-based"


class TrainHybridApi(TrainApi):
    group = "hybrid"


class TrainingRunApi(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(
        tags=["ml-ops"],
        summary="Progress of a training run",
        responses={200: TrainingRunOutputSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request, run_id: int) -> Response:
        run = TrainingRun.objects.filter(pk=run_id).first()
        if run is None:
            raise NotFoundError(
                f"Training run {run_id} does not exist.", details={"run_id": run_id}
            )
        return Response(_run_body(run))


class ModelStatusApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["ml-ops"],
        summary="Per algorithm: active version, training data, metrics, serving or fallback",
        responses={200: ModelStatusOutputSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        active = {a.algorithm: a for a in ModelArtifact.objects.filter(is_active=True)}
        body = {}
        for name in dict.fromkeys((*CHAIN, *ALL_ALGORITHMS)):
            artifact = active.get(name)
            loaded = registry.get(name) is not None if artifact else False
            body[name] = {
                "version": artifact.version if artifact else None,
                "trained_at": artifact.trained_at if artifact else None,
                "data": artifact.data_snapshot if artifact else None,
                "metrics": artifact.metrics if artifact else None,
                "size_bytes": artifact.size_bytes if artifact else None,
                "state": "serving" if loaded else ("unloadable" if artifact else "not trained"),
                "in_fallback_chain": name in CHAIN,
            }
        return Response(body)


MAX_DAYS = 20000  # the demo ratings are from 1997-98 and 2016
DAYS = OpenApiParameter(
    "days", int, description=f"look-back window in days (1-{MAX_DAYS}, default 30)"
)


def _days(request: Request) -> int:
    days = parse_int(request.query_params.get("days", "30"), minimum=1, maximum=MAX_DAYS)
    if days is None:
        raise ValidationError({"days": [f"Must be an integer from 1 to {MAX_DAYS}."]})
    return days


class UserPatternsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["ml-analytics"],
        summary="Your viewing patterns (staff: any ?user_id=; others: 403)",
        parameters=[OpenApiParameter("user_id", int)],
        responses={200: UserPatternsOutputSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        target = visible_user(viewer=request.user, user_id=request.query_params.get("user_id"))
        return Response(reports.user_patterns(target))


class ContentPerformanceApi(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(
        tags=["ml-analytics"],
        summary="Most engaged titles with recommendation CTR",
        parameters=[DAYS],
        responses={200: ContentPerformanceOutputSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        return Response(reports.content_performance(days=_days(request)))


class RegionalTrendsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["ml-analytics"],
        summary="Activity per language and its top titles",
        parameters=[DAYS],
        responses={200: RegionalTrendsOutputSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        return Response(reports.regional_trends(days=_days(request)))
