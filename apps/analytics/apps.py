from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "apps.analytics"
    label = "analytics"
    verbose_name = "Analytics"

    def ready(self) -> None:
        from apps.analytics.dashboard import SYSTEM_BLOCK, ZERO_RESULTS_BLOCK
        from apps.core.dashboard import dashboard_block_register

        dashboard_block_register(SYSTEM_BLOCK)
        dashboard_block_register(ZERO_RESULTS_BLOCK)
        from apps.analytics import lifecycle

        lifecycle.register()
        from apps.analytics import receivers

        receivers.connect()
