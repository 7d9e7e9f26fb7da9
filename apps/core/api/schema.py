"""OpenAPI pieces shared by every endpoint: the one error shape."""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "error": inline_serializer(
            name="ErrorBody",
            fields={
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "details": serializers.DictField(),
            },
        )
    },
)


def _error(
    description: str, code: str, message: str, details: dict | None = None
) -> OpenApiResponse:
    return OpenApiResponse(
        response=ErrorSerializer,
        description=description,
        examples=[
            OpenApiExample(
                code,
                value={"error": {"code": code, "message": message, "details": details or {}}},
                response_only=True,
            )
        ],
    )


ERROR_RESPONSES = {
    400: _error(
        "Invalid input",
        "validation_error",
        "The request is invalid; see details for each field.",
        {"rating": ["Ensure this value is less than or equal to 10."]},
    ),
    401: _error(
        "Not authenticated", "not_authenticated", "Authentication credentials were not provided."
    ),
    404: _error("Unknown id", "not_found", "Content 42 does not exist.", {"content_id": 42}),
    429: _error("Rate limited", "throttled", "Request was throttled.", {"retry_after_seconds": 60}),
}
