"""Public discovery pages: free to watch (apps.ott), festivals (apps.regional) and curated
collections (apps.curation)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.catalog.selectors import ContentFilters
from apps.core.exceptions import NotFoundError
from apps.core.viewing import viewing_of
from apps.core.vocabulary import state_lookup
from apps.curation.selectors import collection_title
from apps.ott.selectors import free_content
from apps.regional import festivals
from apps.web.cards import cards_from_contents, cards_from_ids
from apps.web.collections import collection_contents, collection_get, collection_list
from apps.web.labels import BROWSE_LANGUAGES
from apps.web.rows import festival_heading
from apps.web.viewing import with_availability

PAGE_SIZE = 24


@require_GET
def free(request: HttpRequest) -> HttpResponse:
    seen = viewing_of(request)
    language = request.GET.get("lang")
    filters = ContentFilters(language=language if language in BROWSE_LANGUAGES else None)
    ids = free_content(filters=filters, country=seen.country).prefetch_related(None)
    page = Paginator(ids.values_list("id", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/browse.html",
        {
            "heading": _("Free to watch"),
            "cards": cards_from_ids(list(page.object_list), seen.country),
            "page": page,
            "location": seen,  # the country may come from the address: credit DB-IP
        },
    )


@require_GET
def festival_index(request: HttpRequest) -> HttpResponse:
    seen = viewing_of(request)
    state = state_lookup(seen.state_code) if seen.state_code else None
    upcoming = festivals.festivals_upcoming(on=timezone.localdate(), state=state)
    return render(
        request,
        "web/festivals.html",
        {"festivals": upcoming, "location": seen},
    )


@require_GET
def festival_page(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        festival = festivals.festival_get(slug=slug)
    except NotFoundError:
        raise Http404 from None
    seen = viewing_of(request)
    state = state_lookup(seen.state_code) if seen.state_code else None
    occurrence = festivals.festival_next(festival=festival, on=timezone.localdate(), state=state)
    ids = festivals.festival_collection(festival=festival, languages=seen.languages)
    cards = cards_from_ids(ids, seen.country)
    return render(
        request,
        "web/festival.html",
        {
            "festival": festival,
            "occurrence": occurrence,
            "heading": (
                festival_heading(occurrence) if occurrence else festivals.festival_title(festival)
            ),
            "cards": cards,
            "location": seen,
        },
    )


@require_GET
def collections(request: HttpRequest) -> HttpResponse:
    found = [(c, collection_title(c)) for c in collection_list()]
    return render(request, "web/collections.html", {"collections": found})


@require_GET
def collection(request: HttpRequest, slug: str) -> HttpResponse:
    found = collection_get(slug=slug)
    if found is None:
        raise Http404
    seen = viewing_of(request)
    cards = with_availability(
        cards_from_contents(collection_contents(collection=found)), seen.country
    )
    return render(
        request,
        "web/browse.html",
        {
            "heading": collection_title(found),
            "intro": found.description,
            "cards": cards,
            "page": None,
            "location": seen,
        },
    )
