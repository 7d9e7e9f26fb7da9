from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class RecommenderConfig(AppConfig):
    name = "recommender"
    label = "recommender"
    verbose_name = "Recommender"

    def ready(self) -> None:
        from apps.analytics.rollup_sources import recommendation_rollup_register
        from apps.core.dashboard import dashboard_block_register
        from apps.core.system_facts import system_fact_register
        from recommender import lifecycle
        from recommender.dashboard import MODELS_BLOCK, active_models_fact, training_runs_fact
        from recommender.experiments import forget_active_experiment, recommendation_daily
        from recommender.models import Experiment, Variant

        for model in (Experiment, Variant):
            for event, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(
                    forget_active_experiment,
                    sender=model,
                    dispatch_uid=f"forget_active_experiment:{model.__name__}:{event}",
                )
        dashboard_block_register(MODELS_BLOCK)
        system_fact_register("models", active_models_fact)
        system_fact_register("training_runs", training_runs_fact)
        recommendation_rollup_register("experiments", recommendation_daily)
        lifecycle.register()
