"""/api/ml/: recommendations, training, model status, analytics, feedback and experiments."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAdminUser, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.analytics.models import InteractionKind
from apps.analytics.services import interaction_record
from apps.catalog.models import Content
from apps.catalog.selectors import content_get
from apps.core.api.language import UserLanguageMixin
from apps.core.api.schema import ERROR_RESPONSES
from apps.core.exceptions import NotFoundError
from apps.core.viewing import viewing_of
from apps.core.vocabulary import ISO_639_1
from recommender import experiments
from recommender.api import serializers as s
from recommender.api.rendered import rendered_get, rendered_key, rendered_set, shown_ids
from recommender.api.schema_ops import ExperimentResultsOutputSerializer
from recommender.selectors import visible_user
from recommender.serving.availability import without_hidden
from recommender.serving.served import Served
from recommender.serving.service import Plan, exposures_log, listed, plan
from recommender.serving.similar import similar_for
from recommender.serving.trending import trending_for
from recommender.serving.visitor import Visitor

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


def _visitor(request: Request) -> Visitor:
    """Where the caller is (profile, else IP through trusted proxies, else the default country)."""
    context = viewing_of(request)
    return Visitor(country=context.country, region=context.state, languages=context.languages)


def _viewer(request: Request) -> User | None:
    return request.user if isinstance(request.user, User) else None


class RecommendationsApi(UserLanguageMixin, APIView):
    """One POST shape for every recommendation surface: check the path (`subject`: 403/404
    before the body is read), parse the body with `input_serializer`, answer with one serving
    call, render. Subclasses set the serializer, the schema and `answer`."""

    permission_classes = [AllowAny]
    input_serializer: type[s.RecommendationInputSerializer] = s.RecommendationInputSerializer

    def post(self, request: Request, **path: Any) -> HttpResponse:
        subject, params = self.parsed(request, **path)
        served = self.answer(request, params, subject)
        return Response(s.RecommendationOutputSerializer(served).data)

    def parsed(self, request: Request, **path: Any) -> tuple[Any, s.RecommendationInputSerializer]:
        """The path's subject, then the body: both checked (4xx JSON on bad input)."""
        subject = self.subject(request, **path)
        params = self.input_serializer(
            data=request.data or {}, context={"request": request, "visitor": _visitor(request)}
        )
        params.is_valid(raise_exception=True)
        return subject, params

    def subject(self, request: Request, **path: Any) -> Any:
        """What the path names (a user, a title, a language); None when it names nothing."""
        return None

    def answer(
        self, request: Request, params: s.RecommendationInputSerializer, subject: Any
    ) -> Served:
        raise NotImplementedError


# Surfaces answered from the per-user list cache (recommender/serving/service.py). A repeat of a
# cached list sends the bytes its first answer stored (recommender/api/rendered.py); the exposures
# of a running experiment are logged either way. (No docstring: the schema describes these
# endpoints with RecommendationsApi's.)
class PersonalisedApi(RecommendationsApi):
    surface = ""

    def post(self, request: Request, **path: Any) -> HttpResponse:
        subject, params = self.parsed(request, **path)
        planned = self.plan(request, params, subject)
        key = rendered_key(planned, request.accepted_media_type)
        found = rendered_get(key) if key is not None else None
        if found is not None:
            exposures_log(planned, shown_ids(found))
            return HttpResponse(found.body, content_type=found.content_type)
        whole = listed(planned)
        shown = without_hidden(whole)  # cached and precomputed lists predate a curator's hide
        exposures_log(planned, [i.content_id for i in shown.items])
        if key is not None:
            rendered_set(key, whole, shown, lambda served: self._render(request, served))
        return Response(s.RecommendationOutputSerializer(shown).data)

    def plan(self, request: Request, params: s.RecommendationInputSerializer, subject: Any) -> Plan:
        return plan(_viewer(request), params.to_request(), surface=self.surface)

    def _render(self, request: Request, served: Served) -> tuple[bytes, str]:
        """`served` as the negotiated renderer writes it (what a `Response` would send)."""
        renderer = request.accepted_renderer
        data = s.RecommendationOutputSerializer(served).data
        body = renderer.render(data, request.accepted_media_type, self.get_renderer_context())
        charset = renderer.charset
        media_type = renderer.media_type
        content_type = f"{media_type}; charset={charset}" if charset else media_type
        return bytes(body), content_type


def _schema(summary: str, request: type = s.RecommendationInputSerializer, **extra: Any) -> Any:
    return extend_schema_view(
        post=extend_schema(
            tags=["ml"], summary=summary, request=request, responses=RECO_RESPONSES, **extra
        )
    )


@_schema("Personalised recommendations (your own id; staff: any id)", examples=[EXAMPLE])
class UserRecommendationsApi(PersonalisedApi):
    permission_classes = [IsAuthenticated]
    surface = "user"

    def subject(self, request: Request, **path: Any) -> User:
        return visible_user(viewer=request.user, user_id=path["user_id"])

    def plan(self, request: Request, params: s.RecommendationInputSerializer, subject: Any) -> Plan:
        return plan(subject, params.to_request(), surface=self.surface)


@_schema("Recommendations within genres (personalised when signed in)", s.GenreInputSerializer)
class GenreRecommendationsApi(PersonalisedApi):
    input_serializer = s.GenreInputSerializer
    surface = "genre"


@_schema(
    "Recommendations for a mood, re-ranked by your taste",
    s.MoodInputSerializer,
    examples=[OpenApiExample("Feel-good", value={"mood": "feel-good", "k": 10}, request_only=True)],
)
class MoodRecommendationsApi(PersonalisedApi):
    input_serializer = s.MoodInputSerializer
    surface = "mood"


@_schema("Recommendations in one language (te, hi, ta, kn, ml, ...)")
class RegionalRecommendationsApi(PersonalisedApi):
    def subject(self, request: Request, **path: Any) -> str:
        language = str(path["language"])
        if language.lower() not in ISO_639_1:
            raise NotFoundError(f"Unknown language {language!r}.", details={"language": language})
        return language.lower()

    def plan(self, request: Request, params: s.RecommendationInputSerializer, subject: Any) -> Plan:
        reco = params.to_request(languages=[subject])
        return plan(_viewer(request), reco, surface=f"regional-{subject}")


@_schema("Titles similar to one title, with the reason")
class SimilarRecommendationsApi(RecommendationsApi):
    def subject(self, request: Request, **path: Any) -> Content:
        return content_get(content_id=path["content_id"])

    def answer(
        self, request: Request, params: s.RecommendationInputSerializer, subject: Any
    ) -> Served:
        return similar_for(subject, params.to_request())


@_schema("Trending now, in your languages when signed in")
class TrendingRecommendationsApi(RecommendationsApi):
    def answer(
        self, request: Request, params: s.RecommendationInputSerializer, subject: Any
    ) -> Served:
        return trending_for(_viewer(request), params.to_request())


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
