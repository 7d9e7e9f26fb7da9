"""Reads: platforms per country, a title's offers, free titles, the platform filter for lists
and the recommender, and the compact "where to watch" summary of title cards."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from apps.catalog.list_cache import cached, catalog_cache_version
from apps.catalog.models import Content
from apps.catalog.offers import Offers
from apps.catalog.selectors import ContentFilters, content_check, content_filter
from apps.ott.models import FREE_MONETISATIONS, Availability, Monetisation, Platform, UserPlatform

MONETISATION_ORDER = [m.value for m in Monetisation]


def platform_list(*, country: str | None = None) -> list[Platform]:
    """Platforms serving this country (a platform with no country list serves everywhere)."""
    platforms = list(Platform.objects.all())
    if country is None:
        return platforms
    return [p for p in platforms if not p.countries or country in p.countries]


def platform_slugs_known() -> frozenset[str]:
    """Every platform's slug; cached per catalogue version (the platform admin bumps it), since
    each list request with platforms= checks its slugs against these."""
    return frozenset(
        cached("ott:platform-slugs", lambda: list(Platform.objects.values_list("slug", flat=True)))
    )


def user_platform_slugs(*, user: Any) -> list[str]:
    if not getattr(user, "is_authenticated", False):
        return []
    return sorted(UserPlatform.objects.filter(user=user).values_list("platform__slug", flat=True))


# -- one title ----------------------------------------------------------------------------------
def availability_grouped(*, content_id: int, country: str) -> dict[str, Any]:
    """The title's offers in a country grouped by monetisation; 404 for an unknown title."""
    content_check(content_id=content_id)
    rows = (
        Availability.objects.filter(content_id=content_id, country=country)
        .select_related("platform")
        .order_by("platform__display_priority", "platform__name")
    )
    groups: dict[str, list[Availability]] = {m: [] for m in MONETISATION_ORDER}
    for row in rows:
        groups[row.monetisation].append(row)
    return {
        "content_id": content_id,
        "country": country,
        "offers": {m: groups[m] for m in MONETISATION_ORDER if groups[m]},
        "justwatch": any(r.source == "tmdb" for r in rows),
    }


# -- the platform filter --------------------------------------------------------------------------
def _offers_q(platforms: Iterable[str], country: str, include_free: bool) -> Q:
    wanted = Q(platform__slug__in=sorted(set(platforms)))
    if include_free:
        wanted |= Q(monetisation__in=FREE_MONETISATIONS)
    return wanted & Q(country=country)


def available_q(*, platforms: Iterable[str], country: str, include_free: bool = True) -> Q:
    """A Content filter: on one of these platforms in this country (or free there). A subquery,
    so it composes with any list queryset without loading ids."""
    ids = Availability.objects.filter(_offers_q(platforms, country, include_free)).values(
        "content_id"
    )
    return Q(id__in=ids)


_ALLOWED_MEMO: dict[str, tuple[frozenset[int], np.ndarray]] = {}


def _allowed(
    platforms: Iterable[str], country: str, include_free: bool
) -> tuple[frozenset[int], np.ndarray]:
    slugs = sorted(set(platforms))
    key = f"ott:allowed:{country}:{','.join(slugs)}:{int(include_free)}"
    memo_key = f"v{catalog_cache_version()}:{key}"
    hit = _ALLOWED_MEMO.get(memo_key)
    if hit is not None:
        return hit

    def build() -> list[int]:
        return sorted(
            set(
                Availability.objects.filter(_offers_q(slugs, country, include_free)).values_list(
                    "content_id", flat=True
                )
            )
        )

    ids = cached(key, build)
    value = (frozenset(ids), np.asarray(ids, dtype=np.int64))
    if len(_ALLOWED_MEMO) > 256:  # per process; versions move on, old keys are dead weight
        _ALLOWED_MEMO.clear()
    _ALLOWED_MEMO[memo_key] = value
    return value


def allowed_content_ids(
    platforms: Iterable[str], country: str, include_free: bool = True
) -> frozenset[int]:
    """Ids of titles on any of `platforms` in `country` (plus free/ad-supported ones there when
    include_free). Cached per catalogue version (any availability write bumps it) in the shared
    cache and in process memory, so serving can call it on every request."""
    return _allowed(platforms, country, include_free)[0]


def allowed_content_array(
    platforms: Iterable[str], country: str, include_free: bool = True
) -> np.ndarray:
    """The same ids as a sorted int64 array, for `np.isin(candidate_ids, allowed)` masks."""
    return _allowed(platforms, country, include_free)[1]


# -- free titles --------------------------------------------------------------------------------
def free_content(
    *, filters: ContentFilters, country: str, platform: str | None = None
) -> QuerySet[Content]:
    """Free and ad-supported titles in a country, most popular first."""
    offers = Availability.objects.filter(country=country, monetisation__in=FREE_MONETISATIONS)
    if platform:
        offers = offers.filter(platform__slug=platform)
    qs = content_filter(Content.objects.filter(id__in=offers.values("content_id")), filters)
    return qs.prefetch_related("genres").order_by("-popularity", "id")


# -- title cards --------------------------------------------------------------------------------
def _phrase(row: dict[str, Any]) -> str:
    name = row["platform__name"]
    free = row["monetisation"] in FREE_MONETISATIONS
    store = row["monetisation"] in (Monetisation.RENT, Monetisation.BUY)
    if row["historical"]:
        year = row["as_of"].year
        if free:
            return _("free on %(platform)s in %(year)s") % {"platform": name, "year": year}
        return _("on %(platform)s in %(year)s") % {"platform": name, "year": year}
    if free:
        return _("free on %(platform)s") % {"platform": name}
    if store:
        return _("rent or buy on %(platform)s") % {"platform": name}
    return str(name)


def availability_summaries(content_ids: list[int], country: str) -> dict[int, dict[str, Any]]:
    """One query for a page of cards: {id: {text, platforms, historical, justwatch}} ("Hotstar, free on
    YouTube"); current offers before past snapshots, subscriptions before free before stores."""
    rank = {"flatrate": 0, "free": 1, "ads": 1, "rent": 2, "buy": 2}
    rows = Availability.objects.filter(content_id__in=content_ids, country=country).values(
        "content_id",
        "monetisation",
        "historical",
        "as_of",
        "platform__slug",
        "platform__name",
        "platform__display_priority",
        "source",
    )
    by_content: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in sorted(
        rows,
        key=lambda r: (r["historical"], rank[r["monetisation"]], r["platform__display_priority"]),
    ):
        by_content[row["content_id"]].setdefault(
            row["platform__slug"], dict(row)
        )  # best per platform
    out = {}
    for content_id, per_platform in by_content.items():
        best = list(per_platform.values())[:3]
        out[content_id] = {
            "text": ", ".join(_phrase(r) for r in best),
            "platforms": list(per_platform),
            "historical": all(r["historical"] for r in per_platform.values()),
            # TMDB's terms: its watch-provider data is JustWatch's and must be credited where shown
            "justwatch": any(r["source"] == "tmdb" for r in per_platform.values()),
        }
    return out


def availability_by_country(*, content_id: int) -> dict[str, Any]:
    """Every country's offers in the shape the details endpoint always had:
    {IN: {flatrate: [platform names], free: [...], ..., link, as_of}}."""
    out: dict[str, Any] = {}
    rows = (
        Availability.objects.filter(content_id=content_id)
        .select_related("platform")
        .order_by("country", "platform__display_priority", "platform__name")
    )
    for row in rows:
        entry = out.setdefault(row.country, {"link": "", "as_of": None})
        entry.setdefault(row.monetisation, []).append(row.platform.name)
        entry["link"] = entry["link"] or row.deep_link
        as_of = row.as_of.isoformat()
        entry["as_of"] = max(entry["as_of"] or as_of, as_of)
    return out


def catalog_offers() -> Offers:
    """What the catalogue's lists and cards ask of where to watch (registered at ready)."""
    return Offers(
        available_q=lambda platforms, country: available_q(platforms=platforms, country=country),
        allowed_ids=allowed_content_ids,
        summaries=availability_summaries,
        platform_slugs=platform_slugs_known,
        by_country=lambda content_id: availability_by_country(content_id=content_id),
    )
