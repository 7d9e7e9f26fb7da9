from django.urls import path

from apps.regional.api import views

urlpatterns = [
    path("context", views.ContextApi.as_view(), name="context"),
    path("trending/<str:language>", views.TrendingApi.as_view(), name="trending"),
    path("popular/<str:language>", views.PopularApi.as_view(), name="popular"),
    path("festivals", views.FestivalsApi.as_view(), name="festivals"),
    path("festivals/<slug:slug>", views.FestivalDetailApi.as_view(), name="festival"),
]
