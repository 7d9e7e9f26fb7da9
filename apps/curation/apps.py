from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "apps.curation"
    label = "curation"
    verbose_name = "Curation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from apps.curation import lifecycle

        lifecycle.register()
