from django.urls import path

from apps.curation.api import views

public_urlpatterns = [
    path("", views.FeaturedApi.as_view(), name="featured"),
]

admin_urlpatterns = [
    path("content/search", views.AdminContentSearchApi.as_view(), name="content-search"),
    path("content/curate", views.AdminCurateApi.as_view(), name="content-curate"),
    path("featured", views.AdminFeaturedApi.as_view(), name="featured"),
    path("featured/<id:pk>", views.AdminFeaturedDetailApi.as_view(), name="featured-detail"),
    path("telegram/publish", views.AdminTelegramPublishApi.as_view(), name="telegram-publish"),
    path("telegram/posts", views.AdminTelegramPostsApi.as_view(), name="telegram-posts"),
    path("analytics", views.AdminAnalyticsApi.as_view(), name="analytics"),
]
