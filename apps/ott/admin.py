from typing import Any

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from apps.catalog.list_cache import catalog_cache_bump
from apps.ott.models import Availability, Platform, UserPlatform


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "home_url", "display_priority"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request: HttpRequest, obj: Platform, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        catalog_cache_bump()  # lists validate platforms= against the cached slugs


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    """Curators add or correct offers here; what they save is marked curated, so ingestion
    (TMDB refresh, demo loads) never overwrites it."""

    list_display = [
        "content",
        "platform",
        "country",
        "monetisation",
        "as_of",
        "source",
        "historical",
        "curated",
    ]
    list_filter = ["platform", "country", "monetisation", "curated", "historical"]
    search_fields = ["content__title"]
    autocomplete_fields = ["content"]
    list_select_related = ["content", "platform"]
    readonly_fields = ["source", "curated", "historical"]
    exclude = ["created_at"]

    def save_model(self, request: HttpRequest, obj: Availability, form: Any, change: bool) -> None:
        obj.curated = True
        obj.source = "curator"  # the curator's word now, whatever the row came from
        super().save_model(request, obj, form, change)
        catalog_cache_bump()  # cached lists and platform filters see the change


class CuratedAvailabilityFormSet(BaseInlineFormSet):
    """Rows a curator adds or changes on a title's page are the curator's word: curated, so the
    next TMDB refresh or demo load leaves them alone."""

    def save_new(self, form: Any, commit: bool = True) -> Any:
        form.instance.curated, form.instance.source = True, "curator"
        return super().save_new(form, commit)

    def save_existing(self, form: Any, obj: Any, commit: bool = True) -> Any:
        form.instance.curated, form.instance.source = True, "curator"
        return super().save_existing(form, obj, commit)

    def save(self, commit: bool = True) -> Any:
        saved = super().save(commit)
        catalog_cache_bump()  # cached lists and platform filters see the change
        return saved


class AvailabilityInline(admin.TabularInline):
    """Where a title streams, edited inline on the title's admin page (catalog's ContentAdmin)."""

    model = Availability
    formset = CuratedAvailabilityFormSet
    extra = 0
    fields = [
        "platform",
        "country",
        "monetisation",
        "quality",
        "price",
        "currency",
        "deep_link",
        "as_of",
        "source",
        "curated",
        "historical",
    ]
    readonly_fields = ["source", "curated", "historical"]
    show_change_link = True


@admin.register(UserPlatform)
class UserPlatformAdmin(admin.ModelAdmin):
    list_display = ["user", "platform", "created_at"]
    list_filter = ["platform"]
    raw_id_fields = ["user"]
