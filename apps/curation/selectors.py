"""Curation reads: hidden ids for the recommender, featured titles for a visitor, admin search."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from apps.catalog.models import Content, MatchReview
from apps.core.translations import pick
from apps.core.viewing import ViewingContext
from apps.curation.models import Audience, Collection, FeaturedItem, TelegramPost
from apps.curation.regions import canonical_state
from apps.curation.versions import HIDDEN_IDS_KEY


def hidden_content_ids() -> frozenset[int]:
    """Ids curators hid; cached until the next hide/unhide/merge (apps/curation/versions.py)."""
    ids = cache.get(HIDDEN_IDS_KEY)
    if ids is None:
        ids = sorted(Content.objects.filter(hidden=True).values_list("id", flat=True))
        cache.set(HIDDEN_IDS_KEY, ids, timeout=None)
    return frozenset(ids)


def featured_audience(
    viewing: ViewingContext,
    *,
    languages: list[str] | tuple[str, ...] | None = None,
    state: str | None = None,
    country: str | None = None,
) -> ViewingContext:
    """The viewing context featured targeting looks at, with what the caller asks for instead
    (languages, an Indian state by code, alias or name, a country); the state canonical
    (ISO 3166-2:IN) and the country IN when only a state is known."""
    codes = viewing.languages if languages is None else languages
    canon = canonical_state(state) if state else canonical_state(viewing.state_code or "")
    return replace(
        viewing,
        languages=tuple(dict.fromkeys(code.strip().lower() for code in codes if code.strip())),
        state_code=canon or "",
        country=(country or viewing.country or "").strip().upper() or ("IN" if canon else ""),
    )


def _matches(item: FeaturedItem, ctx: ViewingContext) -> bool:
    if item.audience == Audience.VISITORS and ctx.signed_in:
        return False
    if item.audience == Audience.SIGNED_IN and not ctx.signed_in:
        return False
    if item.languages and not set(item.languages) & set(ctx.languages):
        return False
    if item.states and ctx.state_code not in item.states:
        return False
    return not (item.countries and ctx.country not in item.countries)


def collection_title(collection: Collection, language: str | None = None) -> str:
    """The collection's title in `language` (default: the active one), else English."""
    return pick(collection.title, collection.titles, language=language)


def featured_caption(item: FeaturedItem, language: str | None = None) -> str:
    """The featured item's caption in `language`, else in the languages it targets, else English
    ("" when the curator wrote none: the slot's own heading is used)."""
    return pick(item.caption, item.captions, language=language, region_languages=item.languages)


def featured_for(
    context: ViewingContext, *, slot: str | None = None, now: datetime | None = None
) -> list[FeaturedItem]:
    """Featured items live now whose targeting matches the visitor, in slot order (one query;
    targeting lists are matched in Python: a handful of live rows, and JSON containment is not
    portable to SQLite)."""
    moment = now or timezone.now()
    qs = (
        FeaturedItem.objects.filter(starts_at__lte=moment, content__hidden=False)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=moment))
        .select_related("content")
        .prefetch_related("content__genres")
        .order_by("slot", "order", "-starts_at", "id")
    )
    if slot:
        qs = qs.filter(slot=slot)
    seen: set[tuple[str, int]] = set()
    out = []
    for item in qs:
        key = (item.slot, item.content_id)
        if key not in seen and _matches(item, context):
            seen.add(key)
            out.append(item)
    return out


@dataclass(frozen=True)
class AdminSearch:
    query: str = ""
    kind: str | None = None
    language: str | None = None
    source: str | None = None
    missing_poster: bool = False
    missing_overview: bool = False
    missing_availability: bool = False
    in_review: bool = False
    hidden: bool | None = None


def content_admin_search(search: AdminSearch) -> QuerySet[Content]:
    """Curators' search: hidden titles included, filters for what needs fixing."""
    qs = Content.objects.all()
    if search.query:
        qs = qs.filter(
            Q(title__icontains=search.query)
            | Q(original_title__icontains=search.query)
            | Q(imdb_id__iexact=search.query)
        )
    if search.kind:
        qs = qs.filter(kind=search.kind)
    if search.language:
        qs = qs.filter(original_language=search.language)
    if search.source:
        qs = qs.filter(provenance__title__source=search.source)
    if search.missing_poster:
        qs = qs.filter(poster_url="")
    if search.missing_overview:
        qs = qs.filter(overview="")
    if search.missing_availability:
        qs = qs.filter(offers__isnull=True)
    if search.in_review:
        pending = MatchReview.objects.filter(
            match=OuterRef("pk"), status=MatchReview.Status.PENDING
        )
        qs = qs.filter(Exists(pending))
    if search.hidden is not None:
        qs = qs.filter(hidden=search.hidden)
    return qs.prefetch_related("genres").order_by("-popularity", "id")


def telegram_posts(*, status: str | None = None) -> QuerySet[TelegramPost]:
    qs = TelegramPost.objects.select_related("content", "collection", "requested_by")
    return qs.filter(status=status) if status else qs
