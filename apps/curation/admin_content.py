"""The curators' title admin: the catalogue's `ContentAdmin` plus curation's filters and bulk
actions (every action calls a curation service) and ott's where-to-watch inline. Curation sits
above both, so it composes them; `apps/curation/admin.py` registers it in place of catalog's."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from apps.catalog.admin import ContentAdmin
from apps.catalog.models import Content, MatchReview
from apps.core.exceptions import ApplicationError
from apps.curation import services
from apps.curation.forms import CollectionChoiceForm, FeatureForm, PublishForm
from apps.ott.admin import AvailabilityInline

SOURCES = ("tmdb", "jikan", "omdb", "youtube", "tvmaze", "movielens", "mal_dataset", "curator")


class SourceFilter(admin.SimpleListFilter):
    title = _("source of the title")
    parameter_name = "source"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(s, s) for s in SOURCES]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Content]) -> QuerySet[Content]:
        value = self.value()
        return queryset.filter(provenance__title__source=value) if value else queryset


class MissingFilter(admin.SimpleListFilter):
    title = _("missing")
    parameter_name = "missing"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("poster", _("poster")),
            ("overview", _("overview")),
            ("availability", _("availability")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Content]) -> QuerySet[Content]:
        empty: dict[str, Any] = {
            "poster": {"poster_url": ""},
            "overview": {"overview": ""},
            "availability": {"offers__isnull": True},
        }
        value = self.value()
        return queryset.filter(**empty[value]) if value in empty else queryset


class ReviewQueueFilter(admin.SimpleListFilter):
    title = _("review queue")
    parameter_name = "in_review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("waiting in the review queue"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Content]) -> QuerySet[Content]:
        if self.value() != "yes":
            return queryset
        pending = MatchReview.objects.filter(
            match=OuterRef("pk"), status=MatchReview.Status.PENDING
        )
        return queryset.filter(Exists(pending))


CONTENT_FILTERS = ("hidden", SourceFilter, MissingFilter, ReviewQueueFilter)


def _form_step(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Content],
    form: Any,
    action: str,
    title: str,
) -> TemplateResponse:
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "queryset": queryset,
        "action": action,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/curation/action_form.html", context)


def _report(modeladmin: admin.ModelAdmin, request: HttpRequest, error: ApplicationError) -> None:
    modeladmin.message_user(request, f"{error.message} {error.details or ''}", messages.ERROR)


class CurationActionPermissions:
    """`has_<name>_permission` for the curation actions' `permissions=[...]`: Django's admin
    offers and runs an action only for who holds the model permission behind it."""

    def has_feature_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("curation.add_featureditem")

    def has_collect_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("curation.add_collectionitem")

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("curation.add_telegrampost")


@admin.action(description=_("Feature the selected titles…"), permissions=["feature"])
def feature(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Content]) -> Any:
    form = FeatureForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return _form_step(modeladmin, request, queryset, form, "feature", str(_("Feature")))
    try:
        for content in queryset:
            services.featured_create(actor=request.user, content=content, **form.targeting())  # type: ignore[arg-type]
    except ApplicationError as error:
        _report(modeladmin, request, error)
        return None
    modeladmin.message_user(
        request, _("%d title(s) featured.") % queryset.count(), messages.SUCCESS
    )
    return None


@admin.action(description=_("Add the selected titles to a collection…"), permissions=["collect"])
def add_to_collection(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Content]
) -> Any:
    form = CollectionChoiceForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return _form_step(
            modeladmin, request, queryset, form, "add_to_collection", str(_("Add to collection"))
        )
    added = services.collection_add(
        actor=request.user,  # type: ignore[arg-type]
        collection=form.cleaned_data["collection"],
        contents=list(queryset.order_by("-popularity", "id")),
    )
    modeladmin.message_user(request, _("%d title(s) added.") % len(added), messages.SUCCESS)
    return None


def _set_hidden(hidden: bool, label: Any) -> Any:
    @admin.action(description=label, permissions=["change"])
    def action(
        modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Content]
    ) -> None:
        changed = services.content_set_hidden(actor=request.user, contents=queryset, hidden=hidden)  # type: ignore[arg-type]
        modeladmin.message_user(request, _("%d title(s) changed.") % changed, messages.SUCCESS)

    action.__name__ = "hide" if hidden else "unhide"
    return action


@admin.action(description=_("Publish the selected titles to Telegram…"), permissions=["publish"])
def publish_to_telegram(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Content]
) -> Any:
    form = PublishForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return _form_step(
            modeladmin, request, queryset, form, "publish_to_telegram", str(_("Publish"))
        )
    queued = 0
    try:
        for content in queryset:
            _post, created = services.telegram_publish_request(
                actor=request.user,  # type: ignore[arg-type]
                content=content,
                campaign=form.cleaned_data["campaign"],
            )
            queued += created
    except ApplicationError as error:
        _report(modeladmin, request, error)
        return None
    skipped = queryset.count() - queued
    modeladmin.message_user(
        request,
        _("%(queued)d post(s) queued; %(skipped)d already posted for this campaign.")
        % {"queued": queued, "skipped": skipped},
        messages.SUCCESS,
    )
    return None


CONTENT_ACTIONS = [
    feature,
    add_to_collection,
    _set_hidden(True, _("Hide the selected titles everywhere")),
    _set_hidden(False, _("Unhide the selected titles")),
    publish_to_telegram,
]


class CuratedContentAdmin(CurationActionPermissions, ContentAdmin):
    list_filter = (*ContentAdmin.list_filter, *CONTENT_FILTERS)
    actions = CONTENT_ACTIONS  # feature, collection, hide/unhide, Telegram
    inlines = [AvailabilityInline]  # where to watch, edited in place (apps/ott)
