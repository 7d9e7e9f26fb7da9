from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "apps.curation"
    label = "curation"
    verbose_name = "Curation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from apps.core.dashboard import dashboard_block_register
        from apps.core.system_facts import system_fact_register
        from apps.curation.dashboard import FEATURED_BLOCK, TELEGRAM_BLOCK, telegram_provider_fact

        dashboard_block_register(FEATURED_BLOCK)
        dashboard_block_register(TELEGRAM_BLOCK)
        system_fact_register("providers", telegram_provider_fact)
        from apps.curation import lifecycle

        lifecycle.register()
