"""The user's own lists: watchlist, favourites and ratings."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from apps.accounts.selectors import favorite_list, rating_list, watchlist_list
from apps.web.cards import card_from_content
from apps.web.pages.common import viewer

PAGE_SIZE = 48


def _page(request: HttpRequest, heading: str, entries: QuerySet[Any], empty: str) -> HttpResponse:
    page: Page[Any] = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [{"card": card_from_content(e.content), "entry": e} for e in page.object_list]
    return render(
        request,
        "web/library.html",
        {"heading": heading, "items": items, "page": page, "empty": empty},
    )


@login_required
@require_GET
def watchlist(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    assert user is not None
    entries = watchlist_list(user=user).prefetch_related("content__genres")
    return _page(request, _("Your watchlist"), entries, _("Nothing on your watchlist yet."))


@login_required
@require_GET
def favourites(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    assert user is not None
    entries = favorite_list(user=user).prefetch_related("content__genres")
    return _page(request, _("Your favourites"), entries, _("No favourites yet."))


@login_required
@require_GET
def ratings(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    assert user is not None
    entries = rating_list(user=user).prefetch_related("content__genres")
    return _page(request, _("Your ratings"), entries, _("You have not rated anything yet."))
