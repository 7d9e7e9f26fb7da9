"""Where a visitor is, resolved once per request into the viewing context (apps/core/viewing.py).

Profile location for a signed-in user who has one, else the IP's (offline DB-IP lookup through
trusted proxies), else DEFAULT_COUNTRY, said so in `source` and `note`. The person's services
come from apps.ott, read only when something asks. Registered at RegionalConfig.ready().
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from django.http import HttpRequest
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.client_ip import client_ip
from apps.core.viewing import ViewingContext, default_country
from apps.core.vocabulary import default_languages, state_lookup
from apps.integrations.geo import DBIP_ATTRIBUTION, geo_locate
from apps.ott.selectors import user_platform_slugs


def _context(
    country: str, state_name: str, source: str, note: str, chosen: list[str], user: User | None
) -> ViewingContext:
    state = state_lookup(state_name) if country == "IN" else None
    languages = list(dict.fromkeys([*chosen, *default_languages(country, state_name)]))
    if country != "IN" and "en" not in languages:
        languages.insert(0, "en")
    return ViewingContext(
        country=country,
        user_id=user.pk if user is not None else None,
        state=state.name if state else state_name,
        state_code=state.code if state else "",
        languages=tuple(languages),
        source=source,
        note=note,
        attribution=dict(DBIP_ATTRIBUTION) if source == "ip" else None,
        services_loader=partial(_services, user) if user is not None else None,
    )


def _services(user: User) -> tuple[str, ...]:
    return tuple(user_platform_slugs(user=user))


def viewing_resolve(request: HttpRequest) -> ViewingContext:
    """The request's viewing context; `languages[0]` is the language to lead with (the
    recommender's anonymous prior)."""
    found = getattr(request, "user", None)
    user = found if isinstance(found, User) and found.is_authenticated else None
    if user is not None and user.country:
        context = _context(
            user.country, user.region, "profile", _("From your profile."),
            user.preferred_languages, user,
        )  # fmt: skip
        if user.location_source == "ip":  # the profile's location came from DB-IP: credit it
            return replace(context, attribution=dict(DBIP_ATTRIBUTION))
        return context
    location = geo_locate(client_ip(request))
    if location is not None:
        note = _("Located from your IP address.")
        return _context(location.country, location.state, "ip", note, [], user)
    note = _("Private, loopback or unknown address: the default country is used.")
    return _context(default_country(), "", "default", note, [], user)
