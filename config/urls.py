from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from apps.accounts.api.urls import auth_urlpatterns, user_urlpatterns
from apps.catalog.api.urls import urlpatterns as catalog_urlpatterns
from apps.core import views as core_views
from apps.regional.api.urls import urlpatterns as regional_urlpatterns

urlpatterns = [
    path("", RedirectView.as_view(url="/api/docs/", permanent=False), name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/auth/", include((auth_urlpatterns, "auth-api"))),
    path("api/user/", include((user_urlpatterns, "user-api"))),
    path("api/content/", include((catalog_urlpatterns, "content-api"))),
    path("api/ml/", include("recommender.api.urls")),
    path("api/regional/", include((regional_urlpatterns, "regional-api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

handler400 = "apps.core.views.json_bad_request"
handler403 = "apps.core.views.json_permission_denied"
handler404 = "apps.core.views.json_not_found"
handler500 = "apps.core.views.json_server_error"

admin.site.site_header = "CineRec curation"
admin.site.site_title = "CineRec"
