from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.accounts.admin_doors import admin_login, admin_password_change
from apps.accounts.api.urls import auth_urlpatterns, user_urlpatterns
from apps.catalog.api.urls import urlpatterns as catalog_urlpatterns
from apps.core import views as core_views
from apps.curation.api.urls import admin_urlpatterns as curation_admin_urlpatterns
from apps.curation.api.urls import public_urlpatterns as featured_urlpatterns
from apps.ott.api.urls import urlpatterns as ott_urlpatterns
from apps.ott.api.urls import user_urlpatterns as ott_user_urlpatterns
from apps.portability.api.urls import urlpatterns as portability_urlpatterns
from apps.regional.api.urls import urlpatterns as regional_urlpatterns
from apps.social.api.urls import content_urlpatterns as social_content_urlpatterns
from apps.social.api.urls import urlpatterns as social_urlpatterns

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    # the admin's password doors with the login limits (apps/accounts/admin_doors.py)
    path("admin/login/", admin_login),
    path("admin/password_change/", admin.site.admin_view(admin_password_change)),
    path("admin/", admin.site.urls),
    path("api/auth/", include((auth_urlpatterns, "auth-api"))),
    path("api/user/", include((user_urlpatterns, "user-api"))),
    path("api/user/", include((ott_user_urlpatterns, "ott-user-api"))),
    path("api/ott/", include((ott_urlpatterns, "ott-api"))),
    path("api/content/", include((catalog_urlpatterns, "content-api"))),
    path("api/user/", include((portability_urlpatterns, "portability-api"))),
    path("api/content/", include((social_content_urlpatterns, "reviews-api"))),
    path("api/", include((social_urlpatterns, "social-api"))),
    path("api/ml/", include("recommender.api.urls")),
    path("api/featured", include((featured_urlpatterns, "featured-api"))),
    path("api/admin/", include((curation_admin_urlpatterns, "curation-admin-api"))),
    path("api/regional/", include((regional_urlpatterns, "regional-api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script for the CSP to allow.
    # GET only: an HTML page has no OPTIONS metadata to render (its template renderer raised, a 500).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", http_method_names=["get"]),
        name="api-docs",
    ),
    path("", include("apps.web.urls")),  # the server-rendered site (docs/site.md)
]

handler400 = "apps.core.views.json_bad_request"
handler403 = "apps.core.views.json_permission_denied"
handler404 = "apps.web.pages.errors.not_found"  # JSON under /api/, HTML elsewhere
handler500 = "apps.web.pages.errors.server_error"

admin.site.site_header = "CineRec curation"
admin.site.site_title = "CineRec"
