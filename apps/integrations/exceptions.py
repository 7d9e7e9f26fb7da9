"""Failures of outbound calls, by what the caller should do about them."""


class IntegrationError(Exception):
    """The provider refused or answered something we cannot use (do not retry)."""

    def __init__(self, provider: str, message: str, *, status: int | None = None) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.status = status


class IntegrationNotConfigured(IntegrationError):
    """No key or base URL: the provider is skipped."""


class IntegrationAuthError(IntegrationError):
    """401/403: the key is wrong or lacks permission."""


class IntegrationNotFound(IntegrationError):
    """404 or the provider's own not-found answer."""


class TransientIntegrationError(IntegrationError):
    """Timeouts, connection errors, 5xx, 429 after retries: try again later."""


class QuotaExceeded(TransientIntegrationError):
    """Our own budget (daily cap, quota units) for the provider is spent."""
