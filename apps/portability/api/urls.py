from django.urls import path

from apps.portability.api import views

app_name = "portability-api"

urlpatterns = [
    path("imports", views.ImportCreateApi.as_view(), name="imports"),
    path("imports/<id:import_id>", views.ImportDetailApi.as_view(), name="import-detail"),
    path("export", views.ExportApi.as_view(), name="export"),
    path("account", views.AccountApi.as_view(), name="account"),
]
