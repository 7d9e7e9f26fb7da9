from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from recommender.experiments import results as experiment_results
from recommender.models import Experiment, ModelArtifact, TrainingRun, Variant


@admin.register(ModelArtifact)
class ModelArtifactAdmin(admin.ModelAdmin):
    list_display = ("algorithm", "version", "is_active", "trained_at", "size_bytes", "fit_seconds")
    list_filter = ("algorithm", "is_active")
    readonly_fields = [f.name for f in ModelArtifact._meta.fields if f.name != "is_active"]


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
