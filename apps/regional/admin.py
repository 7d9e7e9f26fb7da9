from django.contrib import admin

from apps.core.translations import translations_form
from apps.regional.models import Festival, FestivalPin


class FestivalPinInline(admin.TabularInline):
    model = FestivalPin
    extra = 1
    autocomplete_fields = ["content"]


@admin.register(Festival)
class FestivalAdmin(admin.ModelAdmin):
    form = translations_form(Festival, {"names": "name", "collection_titles": "collection_title"})
    list_display = ["name", "slug", "languages", "regions", "collection_title", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug", "collection_title"]
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at")
    inlines = [FestivalPinInline]
