from django.apps import AppConfig


class WebConfig(AppConfig):
    """The server-rendered site: pages over the catalogue, accounts and recommender services."""

    name = "apps.web"
    label = "web"
    verbose_name = "Site"
