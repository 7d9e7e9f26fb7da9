from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import Content
from apps.core.exceptions import ApplicationError
from apps.core.translations import translations_form
from apps.curation import services
from apps.curation.admin_content import CuratedContentAdmin, CurationActionPermissions
from apps.curation.forms import ImportForm
from apps.curation.models import (
    Collection,
    CollectionItem,
    ContentNote,
    CuratorAuditLog,
    FeaturedItem,
    TelegramPost,
)
from apps.curation.services.importing import provider_import

# The curators' title page replaces the catalogue's plain one, as a project replaces Django's
# UserAdmin: catalog's admin is imported (and so registered) by admin_content above.
admin.site.unregister(Content)
admin.site.register(Content, CuratedContentAdmin)


@admin.register(FeaturedItem)
class FeaturedItemAdmin(admin.ModelAdmin):
    form = translations_form(FeaturedItem, {"captions": "caption"})
    list_display = (
        "content",
        "slot",
        "audience",
        "languages",
        "states",
        "starts_at",
        "ends_at",
        "order",
    )
    list_filter = ("slot", "audience")
    raw_id_fields = ("content",)
    readonly_fields = ("created_by", "created_at", "updated_at")
    search_fields = ("content__title", "note")


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    raw_id_fields = ("content",)
    extra = 0


@admin.register(Collection)
class CollectionAdmin(CurationActionPermissions, admin.ModelAdmin):
    form = translations_form(Collection, {"titles": "title"})
    list_display = ("title", "slug", "is_public", "created_at")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [CollectionItemInline]
    actions = ["publish_to_telegram"]

    @admin.action(
        description=_("Publish the selected collections to Telegram"), permissions=["publish"]
    )
    def publish_to_telegram(self, request: HttpRequest, queryset: QuerySet[Collection]) -> None:
        try:
            queued = sum(
                services.telegram_publish_request(actor=request.user, collection=c)[1]  # type: ignore[arg-type]
                for c in queryset
            )
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(request, _("%d post(s) queued.") % queued, messages.SUCCESS)


@admin.register(TelegramPost)
class TelegramPostAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "content",
        "collection",
        "channel",
        "campaign",
        "status",
        "attempts",
        "message_id",
        "sent_at",
        "last_error",
    )
    list_filter = ("status", "channel", "campaign")
    readonly_fields = [f.name for f in TelegramPost._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # posts are requested through the publish action or the API

    @admin.action(description=_("Retry the selected failed posts"), permissions=["change"])
    def retry(self, request: HttpRequest, queryset: QuerySet[TelegramPost]) -> None:
        retried = sum(services.telegram_post_retry(actor=request.user, post=p) for p in queryset)  # type: ignore[arg-type]
        self.message_user(request, _("%d post(s) queued again.") % retried, messages.SUCCESS)

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path("import/", self.admin_site.admin_view(self.import_view), name="curation_import")
        ]
        return extra + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Find at TMDB / Jikan and import (linked from the curation section)."""
        if not request.user.has_perm("catalog.add_content"):
            raise PermissionDenied
        form = ImportForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                summary = provider_import(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            except ApplicationError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, _("Imported: %s") % summary.as_dict(), messages.SUCCESS)
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "title": _("Find at TMDB / Jikan and import"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/curation/import.html", context)


@admin.register(ContentNote)
class ContentNoteAdmin(admin.ModelAdmin):
    list_display = ("content", "author", "created_at", "text")
    raw_id_fields = ("content",)
    readonly_fields = ("author", "created_at")


@admin.register(CuratorAuditLog)
class CuratorAuditLogAdmin(admin.ModelAdmin):
    """Read-only: who did what, when."""

    list_display = ("created_at", "actor", "action", "target_type", "target_id")
    list_filter = ("action", "target_type")
    search_fields = ("target_id", "actor__email")
    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "actor", "action", "target_type", "target_id", "payload")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
