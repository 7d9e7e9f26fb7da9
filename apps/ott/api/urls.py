from django.urls import path

from apps.ott.api import views

urlpatterns = [
    path("availability/<id:content_id>", views.AvailabilityApi.as_view(), name="availability"),
    path("free-content", views.FreeContentApi.as_view(), name="free-content"),
    path("platforms", views.PlatformsApi.as_view(), name="platforms"),
]
user_urlpatterns = [
    path("platforms", views.UserPlatformsApi.as_view(), name="user-platforms"),
]
