"""The recommender's own routes under /api/ml/."""

from django.urls import path

from recommender.api import views, views_ops

app_name = "ml-api"

urlpatterns = [
    path("recommendations/user/<id:user_id>", views.UserRecommendationsApi.as_view(), name="user"),
    path(
        "recommendations/similar/<id:content_id>",
        views.SimilarRecommendationsApi.as_view(),
        name="similar",
    ),
    path("recommendations/trending", views.TrendingRecommendationsApi.as_view(), name="trending"),
    path(
        "recommendations/genre-based", views.GenreRecommendationsApi.as_view(), name="genre-based"
    ),
    path("recommendations/mood-based", views.MoodRecommendationsApi.as_view(), name="mood-based"),
    path(
        "recommendations/regional/<str:language>",
        views.RegionalRecommendationsApi.as_view(),
        name="regional",
    ),
    path("feedback", views.FeedbackApi.as_view(), name="feedback"),
    path(
        "train/collaborative", views_ops.TrainCollaborativeApi.as_view(), name="train-collaborative"
    ),
    path("train/content-based", views_ops.TrainContentApi.as_view(), name="train-content"),
    path("train/hybrid", views_ops.TrainHybridApi.as_view(), name="train-hybrid"),
    path("train/runs/<id:run_id>", views_ops.TrainingRunApi.as_view(), name="training-run"),
    path("model/status", views_ops.ModelStatusApi.as_view(), name="model-status"),
    path("analytics/user-patterns", views_ops.UserPatternsApi.as_view(), name="user-patterns"),
    path(
        "analytics/content-performance",
        views_ops.ContentPerformanceApi.as_view(),
        name="content-performance",
    ),
    path(
        "analytics/regional-trends", views_ops.RegionalTrendsApi.as_view(), name="regional-trends"
    ),
    path(
        "experiments/<id:experiment_id>/results",
        views.ExperimentResultsApi.as_view(),
        name="experiment-results",
    ),
]
