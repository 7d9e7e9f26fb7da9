"""The curators' queue: reported reviews, with actions that hide the review or dismiss the report."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from apps.social import services
from apps.social.models import ReviewMeta, ReviewReport, UserList


@admin.register(ReviewReport)
class ReviewReportAdmin(admin.ModelAdmin):
    list_display = ("id", "status", "reason", "review_excerpt", "review_author", "created_at")
    list_filter = ("status", "reason")
    list_select_related = ("rating__user", "rating__content")
    readonly_fields = ("reporter", "rating", "reason", "note", "created_at")
    actions = ["hide_review", "dismiss"]
    ordering = ("status", "-created_at")

    @admin.display(description=_("review"))
    def review_excerpt(self, obj: ReviewReport) -> str:
        return f"{obj.rating.content}: {obj.rating.review[:120]}"

    @admin.display(description=_("author"))
    def review_author(self, obj: ReviewReport) -> str:
        return str(obj.rating.user)

    @admin.action(description=_("Hide the reported reviews"))
    def hide_review(self, request: HttpRequest, queryset: QuerySet[ReviewReport]) -> None:
        for report in queryset.select_related("rating"):
            services.review_set_hidden(
                review=report.rating, hidden=True, reason=f"report {report.pk}: {report.reason}"
            )
        self.message_user(request, _("Reviews hidden."), messages.SUCCESS)

    @admin.action(description=_("Dismiss the reports (keep the reviews)"))
    def dismiss(self, request: HttpRequest, queryset: QuerySet[ReviewReport]) -> None:
        for report in queryset:
            services.report_dismiss(report=report)
        self.message_user(request, _("Reports dismissed."), messages.SUCCESS)


@admin.register(ReviewMeta)
class ReviewMetaAdmin(admin.ModelAdmin):
    list_display = ("rating", "language", "spoiler", "is_hidden", "hidden_reason", "updated_at")
    list_filter = ("is_hidden", "language", "spoiler")
    raw_id_fields = ("rating",)
    actions = ["hide", "unhide"]

    @admin.action(description=_("Hide the selected reviews"))
    def hide(self, request: HttpRequest, queryset: QuerySet[ReviewMeta]) -> None:
        for meta in queryset.select_related("rating"):
            services.review_set_hidden(review=meta.rating, hidden=True, reason="curator")

    @admin.action(description=_("Show the selected reviews again"))
    def unhide(self, request: HttpRequest, queryset: QuerySet[ReviewMeta]) -> None:
        for meta in queryset.select_related("rating"):
            services.review_set_hidden(review=meta.rating, hidden=False)


@admin.register(UserList)
class UserListAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "kind", "owner", "is_public", "updated_at")
    list_filter = ("kind", "is_public")
    search_fields = ("slug", "name")
    raw_id_fields = ("owner",)
