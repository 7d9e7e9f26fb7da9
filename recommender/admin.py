from collections import Counter

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from recommender.artifacts import artifact_delete
from recommender.experiments import results as experiment_results
from recommender.models import Experiment, ModelArtifact, TrainingRun, Variant
from recommender.services import model_version_activate


@admin.register(ModelArtifact)
class ModelArtifactAdmin(admin.ModelAdmin):
    """Artifacts are written by training; an operator only chooses which version serves, through
    the activation service (one active per algorithm, serving hot-swaps)."""

    list_display = ("algorithm", "version", "is_active", "trained_at", "size_bytes", "fit_seconds")
    list_filter = ("algorithm", "is_active")
    # the file lives in shared storage without a URL: shown by name, not as a link
    exclude = ("file",)
    readonly_fields = [f.name for f in ModelArtifact._meta.fields if f.name != "file"] + [
        "stored_file"
    ]
    actions = ["activate_version"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def stored_file(self, obj: ModelArtifact) -> str:
        return obj.file.name

    def delete_model(self, request: HttpRequest, obj: ModelArtifact) -> None:
        artifact_delete(artifact=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ModelArtifact]) -> None:
        for artifact in queryset:
            artifact_delete(artifact=artifact)

    @admin.action(description=_("Activate this version"))
    def activate_version(self, request: HttpRequest, queryset: QuerySet[ModelArtifact]) -> None:
        chosen = list(queryset.order_by("algorithm", "-version"))
        per_algorithm = Counter(a.algorithm for a in chosen)
        clashes = sorted(name for name, n in per_algorithm.items() if n > 1)
        if clashes:
            self.message_user(
                request,
                _("Choose one version per algorithm (several chosen for: %(names)s).")
                % {"names": ", ".join(clashes)},
                level=messages.ERROR,
            )
            return
        for artifact in chosen:
            model_version_activate(artifact=artifact)
        self.message_user(
            request,
            _("Now serving: %(versions)s.")
            % {"versions": ", ".join(f"{a.algorithm} v{a.version}" for a in chosen)},
            level=messages.SUCCESS,
        )


@admin.register(TrainingRun)
class TrainingRunAdmin(admin.ModelAdmin):
    list_display = ("id", "status", "algorithms", "created_at", "finished_at")
    list_filter = ("status",)
    readonly_fields = (
        "algorithms",
        "status",
        "task_id",
        "progress",
        "error",
        "started_at",
        "finished_at",
    )


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 2


@admin.register(Experiment)
class ExperimentAdmin(admin.ModelAdmin):
    """Curators define variants and the split; the results table reads the logged events."""

    list_display = ("name", "is_active", "created_at")
    inlines = [VariantInline]
    readonly_fields = ("results",)

    @admin.display(description="Results (exposures, CTR and conversion with 95% intervals)")
    def results(self, obj: Experiment) -> str:
        if obj.pk is None:
            return "Save the experiment to see results."
        rows = experiment_results(obj)
        header = "<tr><th>variant</th><th>algorithm</th><th>users</th><th>exposures</th><th>clicks</th><th>CTR (95% CI)</th><th>conversion (95% CI)</th></tr>"
        body = "".join(
            format_html(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} ({} - {})</td><td>{} ({} - {})</td></tr>",
                r["variant"],
                r["algorithm"],
                r["users"],
                r["exposures"],
                r["clicks"],
                r["ctr"],
                *r["ctr_ci95"],
                r["conversion_rate"],
                *r["conversion_ci95"],
            )
            for r in rows
        )
        return mark_safe(f"<table>{header}{body}</table>")  # noqa: S308 (cells escaped by format_html)
