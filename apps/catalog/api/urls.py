from django.urls import path

from apps.catalog.api import views

urlpatterns = [
    path("trending", views.TrendingApi.as_view(), name="trending"),
    path("popular", views.PopularApi.as_view(), name="popular"),
    path("genre/<slug:genre>", views.GenreApi.as_view(), name="genre"),
    path("search", views.SearchApi.as_view(), name="search"),
    path("details/<id:content_id>", views.DetailsApi.as_view(), name="details"),
    path("similar/<id:content_id>", views.SimilarApi.as_view(), name="similar"),
]
