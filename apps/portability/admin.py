from django.contrib import admin

from apps.portability.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "format", "status", "progress", "created_at")
    list_filter = ("format", "status")
    readonly_fields = (
        "user",
        "format",
        "filename",
        "sha256",
        "counts",
        "unmatched",
        "error",
        "error_line",
    )
    exclude = ("data",)
