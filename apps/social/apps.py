from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "apps.social"
    label = "social"
    verbose_name = "Reviews and public lists"

    def ready(self) -> None:
        from apps.social import lifecycle

        lifecycle.register()
