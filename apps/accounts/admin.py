from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from rest_framework_simplejwt.token_blacklist.admin import OutstandingTokenAdmin
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from apps.accounts.models import PROFILE_FIELDS, Favorite, Rating, User, WatchlistItem


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


class OutstandingTokenWithoutSecretAdmin(OutstandingTokenAdmin):
    """simplejwt's list of issued refresh tokens without the token itself: staff see whose
    tokens exist and when they expire, never one they could sign in with."""

    exclude = ("token",)

    def get_readonly_fields(self, *args: object, **kwargs: object) -> list[str]:
        return [f.name for f in OutstandingToken._meta.fields if f.name != "token"]


admin.site.unregister(OutstandingToken)
admin.site.register(OutstandingToken, OutstandingTokenWithoutSecretAdmin)
