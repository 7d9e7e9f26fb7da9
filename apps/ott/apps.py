from django.apps import AppConfig


class OttConfig(AppConfig):
    name = "apps.ott"
    label = "ott"
    verbose_name = "Where to watch"

    def ready(self) -> None:
        from apps.ott import lifecycle

        lifecycle.register()
