from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest, HttpResponse

from apps.accounts.forms import AdminLoginForm, lockout_response
from apps.accounts.models import PROFILE_FIELDS, Favorite, Rating, User, WatchlistItem

# The admin's password check goes through the one limiter (apps/accounts/limits.py).
admin.site.login_form = AdminLoginForm


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """/admin/login/ (routed in config/urls.py): the admin's own view, 429 during a lockout."""
    response = admin.site.login(request, extra_context)
    form = (getattr(response, "context_data", None) or {}).get("form")
    return lockout_response(response, getattr(form, "retry_after", None))


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "username", "display_name", "country", "is_staff", "date_joined")
    search_fields = ("email", "username", "display_name")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (
            "Profile",
            {
                "fields": (*PROFILE_FIELDS, "location_source"),
            },
        ),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "username", "password1", "password2")}),
    )


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("user", "content", "rating", "updated_at")
    raw_id_fields = ("user", "content")
    search_fields = ("content__title", "user__email")


@admin.register(WatchlistItem, Favorite)
class LibraryEntryAdmin(admin.ModelAdmin):
    list_display = ("user", "content", "added_at")
    raw_id_fields = ("user", "content")
