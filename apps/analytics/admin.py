from django.contrib import admin
from django.http import HttpRequest

from apps.analytics.models import Interaction


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only."""

    list_display = ("created_at", "kind", "user", "content", "value")
    list_filter = ("kind",)
    raw_id_fields = ("user", "content")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Interaction | None = None) -> bool:
        return False
