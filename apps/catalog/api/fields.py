"""The one validation of `platforms=` and `country=`, for every list, recommendation and
where-to-watch endpoint (query strings and JSON bodies alike)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework import serializers

from apps.catalog.offers import offers
from apps.core.countries import country_normalise

COUNTRY_HELP = "ISO 3166-1 alpha-2 (IN, US); default: where you are (profile, else address)"


def platform_slugs_validate(values: Iterable[str]) -> list[str]:
    """Lower-cased, de-duplicated, sorted slugs; a 400 naming the unknown ones."""
    slugs = sorted({value.strip().lower() for value in values if value.strip()})
    unknown = sorted(set(slugs) - offers().platform_slugs())
    if unknown:
        raise serializers.ValidationError(f"Unknown platform(s): {', '.join(unknown)}.")
    return slugs


def country_validate(value: str) -> str:
    """'in' -> 'IN'; a 400 for anything that is not a country code."""
    code = country_normalise(value)
    if code is None:
        raise serializers.ValidationError("Use an ISO 3166-1 alpha-2 code such as IN or US.")
    return code


class CountryField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", COUNTRY_HELP)
        super().__init__(max_length=2, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        return country_validate(super().to_internal_value(data))


class PlatformsQueryField(serializers.CharField):
    """`platforms=netflix,aha` in a query string."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=400, **kwargs)

    def to_internal_value(self, data: Any) -> list[str]:  # type: ignore[override]
        return platform_slugs_validate(str(super().to_internal_value(data)).split(","))


class PlatformsField(serializers.ListField):
    """Platform slugs in a JSON body: a list or one comma-separated string."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.CharField(max_length=40), max_length=30, **kwargs)

    def to_internal_value(self, data: Any) -> list[str]:
        if isinstance(data, str):
            data = [part for part in data.split(",") if part.strip()]
        return platform_slugs_validate(super().to_internal_value(data))
