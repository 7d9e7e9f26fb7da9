from typing import Any


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The one error shape of every 4xx/5xx JSON body: {"error": {code, message, details}}."""
    return {"error": {"code": code, "message": message, "details": details or {}}}


class ApplicationError(Exception):
    """An expected business-rule failure; the API renders it as a 4xx in the one error shape."""

    status_code = 400
    code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status_code: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status_code is not None:
            self.status_code = status_code
        self.details = details or {}


class NotFoundError(ApplicationError):
    status_code = 404
    code = "not_found"


class TooManyRequests(ApplicationError):
    """A limit was reached: 429, with the honest wait in `retry_after` (the Retry-After header)."""

    status_code = 429
    code = "throttled"

    def __init__(self, message: str, *, retry_after: int) -> None:
        self.retry_after = max(1, int(retry_after))
        super().__init__(message, details={"retry_after_seconds": self.retry_after})
