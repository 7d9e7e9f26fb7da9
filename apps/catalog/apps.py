from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "apps.catalog"
    label = "catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        from apps.catalog.dashboard import REVIEW_QUEUE_BLOCK
        from apps.core.dashboard import dashboard_block_register

        dashboard_block_register(REVIEW_QUEUE_BLOCK)
        from apps.catalog import lifecycle

        lifecycle.register()
