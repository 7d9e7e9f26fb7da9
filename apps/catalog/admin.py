from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from apps.catalog.cache import catalog_cache_bump
from apps.catalog.models import Content, Genre, MatchReview
from apps.catalog.phonetic import search_keys
from apps.catalog.services.merge import review_resolve
from apps.catalog.text import normalize_title


@admin.register(Content)
class ContentAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "kind", "original_language", "year", "popularity", "rating")
    list_filter = ("kind", "original_language", "genres")
    search_fields = ("title", "original_title", "imdb_id")
    filter_horizontal = ("genres",)
    readonly_fields = ("provenance", "created_at", "updated_at")

    def save_model(self, request: HttpRequest, obj: Content, form: object, change: bool) -> None:
        obj.normalized_title = normalize_title(obj.title)
        obj.search_key, obj.alias_keys = search_keys(
            obj.title, obj.original_title, obj.titles, obj.aliases
        )
        curated = {
            name: {"source": "curator", "at": obj.updated_at.isoformat() if obj.updated_at else ""}
            for name in getattr(form, "changed_data", [])
        }
        obj.provenance = {**obj.provenance, **curated}
        super().save_model(request, obj, form, change)
        catalog_cache_bump()

    def delete_model(self, request: HttpRequest, obj: Content) -> None:
        super().delete_model(request, obj)
        catalog_cache_bump()


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ("slug", "name")


def _resolve(decision: str, label: str) -> Any:
    @admin.action(description=label)
    def action(
        modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[MatchReview]
    ) -> None:
        done = sum(
            1
            for review in queryset
            if review_resolve(review=review, decision=decision) is not None
            or decision == "rejected"
        )
        catalog_cache_bump()
        modeladmin.message_user(
            request, f"{done} review(s) resolved: {label.lower()}.", messages.SUCCESS
        )

    action.__name__ = f"resolve_{decision}"
    return action


@admin.register(MatchReview)
class MatchReviewAdmin(admin.ModelAdmin):
    list_display = ("source_key", "match", "score", "reason", "status", "created_at")
    list_filter = ("status", "source")
    raw_id_fields = ("match",)
    readonly_fields = ("source", "source_key", "candidate", "match", "score", "reason", "status")
    actions = [
        _resolve(MatchReview.Status.MERGED, "Merge into the matched title"),
        _resolve(MatchReview.Status.CREATED, "Create as a new title"),
        _resolve(MatchReview.Status.REJECTED, "Reject"),
    ]
