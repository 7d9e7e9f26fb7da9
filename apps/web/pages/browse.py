"""Search and browsing by genre, language, kind and mood."""

from __future__ import annotations

from dataclasses import replace

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.catalog.selectors import (
    ContentFilters,
    content_list_ids,
    content_search,
    contents_by_ids,
)
from apps.core.paginator import CappedPaginator, count_cap, requested_page
from apps.core.viewing import viewing_of
from apps.web import reco
from apps.web.cards import cards_from_contents, cards_from_ids, cards_from_served
from apps.web.forms import SearchForm
from apps.web.labels import (
    BROWSE_LANGUAGES,
    GENRE_LABELS,
    KIND_PLURALS,
    MOOD_LABELS,
    language_label,
)
from apps.web.pages.common import viewer
from apps.web.viewing import my_services, with_availability

PAGE_SIZE = 24
SEARCH_LIMIT = 30


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    cards = (
        cards_from_contents(
            contents_by_ids(
                content_search(query=query, filters=ContentFilters(), limit=SEARCH_LIMIT)
            )
        )
        if query
        else []
    )
    context = {"form": form, "query": query, "cards": cards}
    template = "web/_results.html" if request.htmx else "web/search.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
def browse_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/browse_index.html",
        {
            "languages": [(c, language_label(c)) for c in BROWSE_LANGUAGES],
            "genres": sorted(
                ((s, str(label)) for s, label in GENRE_LABELS.items()), key=lambda p: p[1]
            ),
            "kinds": [(k, str(label)) for k, label in KIND_PLURALS.items()],
            "moods": [(s, str(label)) for s, label in MOOD_LABELS.items()],
        },
    )


def _grid(
    request: HttpRequest, heading: str, filters: ContentFilters, ordering: str
) -> HttpResponse:
    seen = viewing_of(request)
    services = my_services(request)
    if services.platforms is not None:  # "only my services": those platforms in the country + free
        filters = replace(filters, platforms=services.platforms, country=seen.country)
    # counted as far as the page asked for or the API's cap, whichever is further: a genre's
    # 478k titles at 1M are not counted for a page of 24 (apps/core/paginator.py)
    ids = content_list_ids(filters=filters, ordering=ordering)
    cap = count_cap(requested_page(request.GET.get("page")) * PAGE_SIZE)
    page = CappedPaginator(ids, PAGE_SIZE, cap=cap).get_page(request.GET.get("page"))
    cards = cards_from_ids(list(page.object_list), seen.country)
    return render(
        request,
        "web/browse.html",
        {
            "heading": heading,
            "cards": cards,
            "page": page,
            "services": services,
            "location": seen,
        },
    )


@require_GET
def by_genre(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in GENRE_LABELS:
        raise Http404
    return _grid(request, str(GENRE_LABELS[slug]), ContentFilters(genre=slug), "popularity")


@require_GET
def by_language(request: HttpRequest, code: str) -> HttpResponse:
    if code not in BROWSE_LANGUAGES:
        raise Http404
    heading = _("Titles in %(language)s") % {"language": language_label(code)}
    return _grid(request, heading, ContentFilters(language=code), "popularity")


@require_GET
def by_kind(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in KIND_PLURALS:
        raise Http404
    return _grid(request, str(KIND_PLURALS[kind]), ContentFilters(kind=kind), "popularity")


@require_GET
def by_mood(request: HttpRequest, mood: str) -> HttpResponse:
    if mood not in MOOD_LABELS:
        raise Http404
    seen = viewing_of(request)
    services = my_services(request)
    body = reco.for_user(
        viewer(request), k=PAGE_SIZE, mood=mood, platforms=services.platforms, country=seen.country
    )
    heading = _("For your mood: %(mood)s") % {"mood": MOOD_LABELS[mood]}
    return render(
        request,
        "web/browse.html",
        {
            "heading": heading,
            "cards": with_availability(cards_from_served(body), seen.country),
            "page": None,
            "show_reasons": True,
            "services": services,
            "location": seen,
        },
    )
