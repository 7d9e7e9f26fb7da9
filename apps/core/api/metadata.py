"""What `OPTIONS` answers on every API view: its name, description and media types.

DRF's `SimpleMetadata` also described POST and PUT by building the view's serializer and, for
PUT, looking up the view's object. Here views parse with an input serializer inside the method
and keep `serializer_class` (if any) for the output, so that description was wrong where it
worked, and where a GenericAPIView has no `serializer_class` or no object in its URL it raised:
`OPTIONS /api/admin/content/curate` as staff answered 500. The request and response fields of
every operation are in the OpenAPI schema (`/api/schema/`), which this points to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from rest_framework.metadata import BaseMetadata
from rest_framework.request import Request

if TYPE_CHECKING:  # rest_framework.views imports this module while it loads its settings
    from rest_framework.views import APIView


class ApiMetadata(BaseMetadata):
    """Builds no serializer and looks up no object, so it cannot fail on a view's shape."""

    def determine_metadata(self, request: Request, view: APIView) -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
            "schema": reverse("api-schema"),
        }
