from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from apps.accounts import lifecycle

        lifecycle.register()
        from apps.accounts import token_storage

        token_storage.connect()  # refresh tokens are stored as digests only
        from apps.accounts import cached_auth

        cached_auth.connect()  # a user's save or delete ends their cached copies at once
        from apps.accounts import openapi  # noqa: F401 (registers the OpenAPI scheme)
