"""Reads of festivals: the coming weeks' festivals for a region, and one festival's collection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from apps.catalog.models import Content
from apps.core.exceptions import ApplicationError, NotFoundError
from apps.core.translations import pick
from apps.core.vocabulary import State, state_lookup
from apps.regional.calendar import festival_dates
from apps.regional.models import Festival

HORIZON_DAYS = 60
COLLECTION_LIMIT = 20


@dataclass(frozen=True)
class FestivalOccurrence:
    festival: Festival
    starts: date
    ends: date
    is_current: bool
    for_region: bool

    on: date

    @property
    def days_until(self) -> int:
        return 0 if self.is_current else (self.starts - self.on).days


def festival_name(festival: Festival, language: str | None = None) -> str:
    """The festival's name in `language` (default: the active one), else in its regions' languages,
    else English (apps.core.translations.pick)."""
    return pick(
        festival.name, festival.names, language=language, region_languages=festival.languages
    )


def festival_title(festival: Festival, language: str | None = None) -> str:
    """The collection's title the same way; a festival without one is called by its name."""
    title = pick(
        festival.collection_title,
        festival.collection_titles,
        language=language,
        region_languages=festival.languages,
    )
    return title or festival_name(festival, language)


def region_get(value: str) -> State | None:
    """The state for a region parameter (name, ISO code or the holidays package's code), or 400."""
    if not value:
        return None
    state = state_lookup(value)
    if state is None:
        raise ApplicationError(
            _("Unknown Indian state or union territory %(region)r.") % {"region": value},
            code="unknown_region",
            details={"region": value},
        )
    return state


def _occurrence(festival: Festival, on: date, state: State | None) -> FestivalOccurrence | None:
    found = festival_next(festival=festival, on=on, state=state)
    return found if found is not None and (found.starts - on).days <= HORIZON_DAYS else None


def festivals_upcoming(*, on: date, state: State | None) -> list[FestivalOccurrence]:
    """Current and coming festivals within HORIZON_DAYS: the region's own first, then by date."""
    found = [
        occurrence
        for festival in Festival.objects.filter(is_active=True)
        if (occurrence := _occurrence(festival, on, state)) is not None
    ]
    return sorted(found, key=lambda o: (not o.for_region, o.starts, o.festival.slug))


def festival_get(*, slug: str) -> Festival:
    festival = Festival.objects.filter(slug=slug, is_active=True).first()
    if festival is None:
        raise NotFoundError(
            _("Unknown festival %(slug)r.") % {"slug": slug}, details={"slug": slug}
        )
    return festival


def festival_next(
    *, festival: Festival, on: date, state: State | None
) -> FestivalOccurrence | None:
    """The current or next occurrence of one festival (looking a year ahead)."""
    subdiv = state.short_code if state and state.short_code in festival.regions else None
    for starts in festival_dates(
        festival.holiday_names, [on.year - 1, on.year, on.year + 1], subdiv
    ):
        ends = starts + timedelta(days=max(festival.duration_days, 1) - 1)
        if ends >= on:
            local = not festival.regions or bool(state and state.short_code in festival.regions)
            return FestivalOccurrence(festival, starts, ends, starts <= on <= ends, local, on)
    return None


def festival_collection(
    *, festival: Festival, languages: tuple[str, ...] = (), limit: int = COLLECTION_LIMIT
) -> list[int]:
    """Pinned titles first, then the festival's languages (the visitor's among them first) and
    genres by popularity."""
    pinned = list(festival.pins.values_list("content_id", flat=True))
    wanted = [code for code in languages if code in festival.languages] or list(festival.languages)
    ids = list(dict.fromkeys(pinned))
    for code in wanted:
        ids.extend(_themed(festival, code).exclude(id__in=ids).values_list("id", flat=True)[:limit])
    return ids[:limit]


# A family festival's collection leaves out what a family would not watch together.
MATURE_GENRES = ("horror", "thriller", "crime", "war", "psychological")
MATURE_CERTIFICATIONS = ("A", "R", "NC-17", "18", "18+", "X", "TV-MA")


def _themed(festival: Festival, language: str) -> QuerySet[Content]:
    """The festival's theme in one language: titles sharing more of its genres first (a family
    comedy-drama before a drama), then by popularity; family-friendly festivals leave out mature
    genres and adult certifications."""
    qs = Content.objects.filter(original_language=language, is_adult=False)
    if festival.family_friendly:
        qs = qs.exclude(genres__slug__in=MATURE_GENRES).exclude(
            certification__in=MATURE_CERTIFICATIONS
        )
    if not festival.genres:
        return qs.order_by("-popularity", "id")
    theme = Q(genres__slug__in=festival.genres)
    return (
        qs.filter(theme)
        .annotate(theme=Count("genres", filter=theme, distinct=True))
        .order_by("-theme", "-popularity", "id")
    )
