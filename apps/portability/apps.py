from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "apps.portability"
    label = "portability"
    verbose_name = "Imports, export and account deletion"

    def ready(self) -> None:
        from apps.portability import lifecycle

        lifecycle.register()
