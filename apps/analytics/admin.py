from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.analytics.models import DailyMetric, Interaction, SearchQuery
from apps.analytics.selectors import analytics_summary, latest_rollup_day


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


@admin.register(SearchQuery)
class SearchQueryAdmin(admin.ModelAdmin):
    """Read-only search history without the searcher: what was asked and what it found (the
    admin home links here for searches with no results)."""

    list_display = ("created_at", "query", "result_count", "filters")
    list_filter = ("created_at",)
    search_fields = ("query",)
    date_hierarchy = "created_at"
    fields = ("created_at", "query", "filters", "result_count")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SearchQuery | None = None) -> bool:
        return False


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@admin.register(DailyMetric)
class DailyMetricAdmin(admin.ModelAdmin):
    """The rollups, read-only, and the analytics dashboard (admin/analytics/dailymetric/dashboard/)."""

    list_display = ("day", "metric", "language", "state", "value")
    list_filter = ("metric", "language", "state")
    date_hierarchy = "day"
    change_list_template = "admin/analytics/dailymetric_changelist.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        dashboard = path(
            "dashboard/", self.admin_site.admin_view(self.dashboard), name="analytics_dashboard"
        )
        return [dashboard, *super().get_urls()]

    def dashboard(self, request: HttpRequest) -> HttpResponse:
        end = _day(request.GET.get("to")) or latest_rollup_day() or timezone.now().date()
        start = _day(request.GET.get("from")) or end - timedelta(days=29)
        if start > end or (end - start).days > 366:
            start = end - timedelta(days=29)
        summary = analytics_summary(start=start, end=end)
        names = summary["labels"]["metrics"]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Analytics"),
            "summary": summary,
            "totals": [(names[m], value) for m, value in summary["daily"]["totals"].items()],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/analytics/dashboard.html", context)
