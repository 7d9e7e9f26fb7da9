from django.apps import AppConfig


class RegionalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.regional"
    label = "regional"
    verbose_name = "Regional discovery"

    def ready(self) -> None:
        from apps.core.dashboard import dashboard_block_register
        from apps.regional.dashboard import FESTIVALS_BLOCK

        dashboard_block_register(FESTIVALS_BLOCK)
        from apps.regional import lifecycle

        lifecycle.register()
        from apps.core.viewing import viewing_resolver_register
        from apps.regional.viewing import viewing_resolve

        viewing_resolver_register(viewing_resolve)
