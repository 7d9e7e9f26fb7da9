from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class RecommenderConfig(AppConfig):
    name = "recommender"
    label = "recommender"
    verbose_name = "Recommender"

    def ready(self) -> None:
        from recommender import lifecycle
        from recommender.experiments import forget_active_experiment
        from recommender.models import Experiment, Variant

        for model in (Experiment, Variant):
            for event, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(
                    forget_active_experiment,
                    sender=model,
                    dispatch_uid=f"forget_active_experiment:{model.__name__}:{event}",
                )
        lifecycle.register()
