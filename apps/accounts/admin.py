from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

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
