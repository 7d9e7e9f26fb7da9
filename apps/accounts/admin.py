from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from rest_framework_simplejwt.token_blacklist.admin import OutstandingTokenAdmin
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from apps.accounts.models import PROFILE_FIELDS, Favorite, Rating, User, WatchlistItem
from apps.core.personal_data import erase_person


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

    # An admin's deletion erases like the person's own (apps.core.personal_data): search text,
    # sessions, mail and cached lists go too, not only what cascades.
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            erase_person(obj.pk)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for user_id in queryset.values_list("pk", flat=True):
                erase_person(user_id)
            super().delete_queryset(request, queryset)


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("user", "content", "rating", "updated_at")
    raw_id_fields = ("user", "content")
    search_fields = ("content__title", "user__email")


@admin.register(WatchlistItem, Favorite)
class LibraryEntryAdmin(admin.ModelAdmin):
    list_display = ("user", "content", "added_at")
    raw_id_fields = ("user", "content")


class OutstandingTokenWithoutSecretAdmin(OutstandingTokenAdmin):
    """simplejwt's list of issued refresh tokens without the token itself: staff see whose
    tokens exist and when they expire, never one they could sign in with."""

    exclude = ("token",)

    def get_readonly_fields(self, *args: object, **kwargs: object) -> list[str]:
        return [f.name for f in OutstandingToken._meta.fields if f.name != "token"]


admin.site.unregister(OutstandingToken)
admin.site.register(OutstandingToken, OutstandingTokenWithoutSecretAdmin)
