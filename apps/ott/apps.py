from django.apps import AppConfig


class OttConfig(AppConfig):
    name = "apps.ott"
    label = "ott"
    verbose_name = "Where to watch"

    def ready(self) -> None:
        from apps.catalog.after_ingest import after_ingest_register
        from apps.ott import lifecycle
        from apps.ott.services import offers_from_source_title

        lifecycle.register()
        after_ingest_register("ott.offers", offers_from_source_title)
