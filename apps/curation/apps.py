from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "apps.curation"
    label = "curation"
    verbose_name = "Curation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from apps.core.dashboard import dashboard_block_register
        from apps.curation.dashboard import FEATURED_BLOCK, TELEGRAM_BLOCK

        dashboard_block_register(FEATURED_BLOCK)
        dashboard_block_register(TELEGRAM_BLOCK)
