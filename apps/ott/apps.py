from django.apps import AppConfig


class OttConfig(AppConfig):
    name = "apps.ott"
    label = "ott"
    verbose_name = "Where to watch"

    def ready(self) -> None:
        from apps.ott import lifecycle

        lifecycle.register()
        from apps.catalog.offers import offers_register
        from apps.ott.selectors import catalog_offers

        offers_register(catalog_offers())
