from typing import Any, ClassVar

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from apps.catalog.list_cache import catalog_cache_bump
from apps.catalog.models import Content, Genre, MatchReview
from apps.catalog.services.merge import content_curate, review_resolve


@admin.register(Content)
class ContentAdmin(admin.ModelAdmin):
    """The catalogue's own view of a title. The apps above extend it the way Django's auth admin
    is extended: curation replaces this registration with a subclass that adds its filters and
    bulk actions and ott's where-to-watch inline (apps/curation/admin_content.py)."""

    list_display = (
        "id",
        "title",
        "kind",
        "original_language",
        "year",
        "popularity",
        "rating",
        "hidden",
    )
    list_filter: ClassVar[tuple[Any, ...]] = ("kind", "original_language", "genres")
    search_fields = ("title", "original_title", "imdb_id")
    filter_horizontal = ("genres",)
    readonly_fields = ("provenance", "created_at", "updated_at")

    def save_model(self, request: HttpRequest, obj: Content, form: Any, change: bool) -> None:
        """Through the merge service: every field the curator changed is recorded as curated
        (who, when) and outranks every ingestion source from then on."""
        names = [name for name in form.changed_data if name != "genres"]
        if not change:  # a title a curator creates is curated as a whole
            names = [name for name in form.cleaned_data if name != "genres"]
        genres = (
            [genre.pk for genre in form.cleaned_data["genres"]]
            if "genres" in form.changed_data
            else None
        )
        content_curate(
            content=obj,
            values={name: getattr(obj, name) for name in names},
            curator=request.user.get_username(),
            genres=genres,
        )
        catalog_cache_bump()

    def delete_model(self, request: HttpRequest, obj: Content) -> None:
        super().delete_model(request, obj)
        catalog_cache_bump()


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ("slug", "name")


def _resolve(decision: str, label: str) -> Any:
    @admin.action(description=label, permissions=["change"])
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
