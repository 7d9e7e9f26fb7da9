"""Who is looking, from where, on which services: one frozen value per request.

`ViewingMiddleware` attaches `request.viewing`, resolved lazily on first read (a request that
never asks looks nothing up) and then kept for the rest of the request, so the country is found
once however many views, serializers and row providers read it. Every reader goes through
`viewing_of(request)`.

Core sits at the bottom floor and knows neither where a visitor is (apps.regional: profile, else
the IP's location, else DEFAULT_COUNTRY) nor their services (apps.ott): the app that does
registers its resolver here at `AppConfig.ready()` (docs/regional.md, "The viewing context").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

Resolver = Callable[[HttpRequest], "ViewingContext"]
_RESOLVERS: list[Resolver] = []


@dataclass(frozen=True)
class ViewingContext:
    """The person asking (`user_id`, None for a visitor) and where they look from.

    `country` is where offers are looked up and the recommender's prior; `source` says how it was
    found (profile, ip or default) and `note` says so in words; `attribution` is DB-IP's credit
    when its database located the address. `languages` lead with the person's chosen film
    languages, then their region's. `services` are the platforms the person chose (apps.ott)."""

    country: str
    user_id: int | None = None
    state: str = ""
    state_code: str = ""  # ISO 3166-2:IN, when the state is an Indian one
    languages: tuple[str, ...] = ()
    source: str = "default"  # profile, ip or default
    note: str = ""
    attribution: dict[str, str] | None = field(default=None)
    # the person's services are read only when something asks (most pages never do)
    services_loader: Callable[[], tuple[str, ...]] | None = field(
        default=None, compare=False, repr=False
    )

    @cached_property
    def services(self) -> tuple[str, ...]:
        """The platforms the person chose (apps.ott), sorted; () for a visitor."""
        return self.services_loader() if self.services_loader is not None else ()

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    @property
    def located(self) -> bool:
        """The location came from the DB-IP database: its attribution must be shown."""
        return self.attribution is not None


def default_country() -> str:
    """The country assumed when nothing else says where the person is (one setting)."""
    return str(settings.DEFAULT_COUNTRY).upper()


def viewing_resolver_register(resolver: Resolver) -> None:
    """Called once, from the app that knows where a visitor is (its `AppConfig.ready()`)."""
    _RESOLVERS[:] = [resolver]


def _resolve(request: HttpRequest) -> ViewingContext:
    if not _RESOLVERS:
        return ViewingContext(country=default_country())
    return _RESOLVERS[0](request)


def viewing_of(request: Any) -> ViewingContext:
    """The request's viewing context (a DRF Request or a Django one), resolved on first use and
    kept on the request: the value itself from then on, not the middleware's lazy stand-in (so
    `dataclasses.replace` and type checks see a ViewingContext)."""
    base: Any = getattr(request, "_request", request)
    found: Any = getattr(base, "viewing", None)
    if type(found) is ViewingContext:
        return found
    # the middleware's stand-in may have been resolved already (a template read request.viewing)
    wrapped = cast(Any, found)._wrapped if type(found) is SimpleLazyObject else empty
    value = cast(ViewingContext, wrapped) if wrapped is not empty else _resolve(base)
    base.viewing = value
    return value


def offers_country(request: Any, requested: str | None = None) -> str:
    """The country offers are shown for: `?country=` when given (validated; nothing is looked
    up), else the viewing context's."""
    return requested or viewing_of(request).country


class ViewingMiddleware:
    """Attaches `request.viewing` (lazy: nothing is looked up until a view reads it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.viewing = SimpleLazyObject(lambda: viewing_of(request))  # type: ignore[attr-defined]
        return self.get_response(request)
