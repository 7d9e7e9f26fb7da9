from django.conf import settings
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from apps.core.numbers import parse_int


class StandardPagination(PageNumberPagination):
    """Page-number pagination; a page_size above the cap is a 400, not a silent truncation."""

    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return int(self.page_size or 20)
        size = parse_int(raw)  # ASCII digits: int() also reads "٣" and "1_0"
        if size is None:
            raise ValidationError({"page_size": ["Must be an integer."]})
        if not 1 <= size <= self.max_page_size:
            raise ValidationError({"page_size": [f"Must be between 1 and {self.max_page_size}."]})
        return size
