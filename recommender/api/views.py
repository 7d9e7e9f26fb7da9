"""/api/ml/: recommendations, training, model status, analytics, feedback and experiments."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny, IsAdminUser, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.analytics.models import InteractionKind
from apps.analytics.services import interaction_record
from apps.catalog.selectors import content_get
from apps.core.api.schema import ERROR_RESPONSES
from apps.core.exceptions import NotFoundError
from apps.core.vocabulary import ISO_639_1
from recommender import experiments
from recommender.api import serializers as s
from recommender.api.responses import recommendations_for
from recommender.api.schema_ops import ExperimentResultsOutputSerializer
from recommender.serving import similar as similar_service
from recommender.serving import trending as trending_service

RECO_RESPONSES = {200: s.RecommendationOutputSerializer, **ERROR_RESPONSES}
EXAMPLE = OpenApiExample(
    "Telugu thrillers for a Saturday night",
    value={
        "k": 10,
        "kind": "movie",
        "languages": ["te"],
        "genres": ["thriller"],
        "diversity": 0.3,
        "context": {"time_of_day": "night", "weekday": "saturday"},
    },
    request_only=True,
)


def _viewer(request: Request) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _parse(
    serializer_class: type[s.RecommendationInputSerializer], request: Request
) -> s.RecommendationInputSerializer:
    parsed = serializer_class(data=request.data or {})
    parsed.is_valid(raise_exception=True)
    return parsed


class UserRecommendationsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["ml"],
        summary="Personalised recommendations (your own id; staff: any id)",
        request=s.RecommendationInputSerializer,
        responses=RECO_RESPONSES,
        examples=[EXAMPLE],
    )
    def post(self, request: Request, user_id: int) -> Response:
        viewer = _viewer(request)
        assert viewer is not None
        if viewer.pk != user_id and not viewer.is_staff:
            raise exceptions.PermissionDenied("You can only ask for your own recommendations.")
        target = viewer if viewer.pk == user_id else User.objects.filter(pk=user_id).first()
        if target is None:
            raise NotFoundError(f"User {user_id} does not exist.", details={"user_id": user_id})
        params = _parse(s.RecommendationInputSerializer, request)
        return Response(recommendations_for(target, params.to_request()))


class GenreRecommendationsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["ml"],
        summary="Recommendations within genres (personalised when signed in)",
        request=s.GenreInputSerializer,
        responses=RECO_RESPONSES,
    )
    def post(self, request: Request) -> Response:
        params = _parse(s.GenreInputSerializer, request)
        return Response(recommendations_for(_viewer(request), params.to_request(), surface="genre"))


class MoodRecommendationsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["ml"],
        summary="Recommendations for a mood, re-ranked by your taste",
        request=s.MoodInputSerializer,
        responses=RECO_RESPONSES,
        examples=[
            OpenApiExample("Feel-good", value={"mood": "feel-good", "k": 10}, request_only=True)
        ],
    )
    def post(self, request: Request) -> Response:
        params = _parse(s.MoodInputSerializer, request)
        return Response(recommendations_for(_viewer(request), params.to_request(), surface="mood"))


class RegionalRecommendationsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["ml"],
        summary="Recommendations in one language (te, hi, ta, kn, ml, ...)",
        request=s.RecommendationInputSerializer,
        responses=RECO_RESPONSES,
    )
    def post(self, request: Request, language: str) -> Response:
        if language.lower() not in ISO_639_1:
            raise NotFoundError(f"Unknown language {language!r}.", details={"language": language})
        params = _parse(s.RecommendationInputSerializer, request)
        reco = params.to_request(languages=[language.lower()])
        return Response(
            recommendations_for(_viewer(request), reco, surface=f"regional-{language.lower()}")
        )


class SimilarRecommendationsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["ml"],
        summary="Titles similar to one title, with the reason",
        request=s.RecommendationInputSerializer,
        responses=RECO_RESPONSES,
    )
    def post(self, request: Request, content_id: int) -> Response:
        content = content_get(content_id=content_id)
        params = _parse(s.RecommendationInputSerializer, request)
        return Response(similar_service.similar_body(content, params.to_request()))


class TrendingRecommendationsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["ml"],
        summary="Trending now, in your languages when signed in",
        request=s.RecommendationInputSerializer,
        responses=RECO_RESPONSES,
    )
    def post(self, request: Request) -> Response:
        params = _parse(s.RecommendationInputSerializer, request)
        return Response(trending_service.trending_body(_viewer(request), params.to_request()))


class FeedbackApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["ml"],
        summary="Report a click on a recommended title (A/B metrics, learning)",
        request=s.FeedbackInputSerializer,
        responses={204: None, **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        data = s.FeedbackInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        viewer = _viewer(request)
        assert viewer is not None
        content = content_get(content_id=data.validated_data["content_id"])
        event = experiments.log_click(viewer, content.pk)
        context: dict[str, Any] = {"source": data.validated_data["page"]}
        if event is not None:
            context |= {"experiment": event.experiment_id, "variant": event.variant_id}
        interaction_record(
            kind=InteractionKind.CLICK, user=viewer, content=content, context=context
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExperimentResultsApi(APIView):
    permission_classes = [IsAdminUser]

    @extend_schema(
        tags=["ml"],
        summary="Per-variant exposures, CTR and conversion with 95% intervals",
        responses={200: ExperimentResultsOutputSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request, experiment_id: int) -> Response:
        experiment = experiments.Experiment.objects.filter(pk=experiment_id).first()
        if experiment is None:
            raise NotFoundError(
                f"Experiment {experiment_id} does not exist.",
                details={"experiment_id": experiment_id},
            )
        return Response(
            {
                "experiment": {
                    "id": experiment.pk,
                    "name": experiment.name,
                    "is_active": experiment.is_active,
                },
                "variants": experiments.results(experiment),
            }
        )
