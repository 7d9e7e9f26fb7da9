from django.contrib import admin
from django.http import HttpRequest

from apps.core.models import OutboxMessage

BODY_FIELDS = {"args", "kwargs"}


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: what requests asked for and whether the broker has it yet.

    Never the message's arguments (its body): they may name a person (an address, an id).
    """

    list_display = ["task_name", "task_id", "created_at", "attempts", "sent_at", "last_error"]
    list_filter = ["task_name", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["task_name", "task_id"]
    fields = readonly_fields = tuple(
        f.name for f in OutboxMessage._meta.fields if f.name not in BODY_FIELDS
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
