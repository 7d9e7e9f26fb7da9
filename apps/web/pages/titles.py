"""The title page and its buttons: rate, watchlist and favourite, without a full reload."""

from __future__ import annotations

import contextlib
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from apps.accounts import services as accounts
from apps.accounts.models import User
from apps.accounts.selectors import favorite_list, rating_list, watchlist_list
from apps.analytics.models import InteractionKind
from apps.analytics.services import interaction_record
from apps.catalog.models import Content
from apps.catalog.selectors import content_get, content_user_ratings
from apps.core.exceptions import ApplicationError, NotFoundError
from apps.core.viewing import viewing_of
from apps.ott.selectors import availability_grouped
from apps.social.selectors import review_list
from apps.social.share import content_share_meta
from apps.web import reco
from apps.web.cards import DEFAULT_HUE, GENRE_HUES, cards_from_served
from apps.web.forms import RatingForm
from apps.web.pages.common import to_signin, viewer

CONTEXT = {"surface": "web"}
REVIEWS_SHOWN = 10


def _content(content_id: int) -> Content:
    try:
        return content_get(content_id=content_id)
    except NotFoundError:
        raise Http404 from None


def _state(user: User | None, content: Content) -> dict[str, Any]:
    if user is None:
        return {"in_watchlist": False, "is_favourite": False, "my_rating": None}
    rating = rating_list(user=user).filter(content=content).first()
    return {
        "in_watchlist": watchlist_list(user=user).filter(content=content).exists(),
        "is_favourite": favorite_list(user=user).filter(content=content).exists(),
        "my_rating": rating.rating if rating else None,
    }


def _sources(content: Content) -> list[tuple[str, str]]:
    """Every source's rating, as (source, localised value) pairs."""
    rows: list[tuple[str, Any, str]] = [
        ("IMDb", content.imdb_rating, "/10"),
        ("TMDB", content.tmdb_vote_average, "/10"),
        ("MyAnimeList", content.mal_score, "/10"),
        ("Rotten Tomatoes", content.rotten_tomatoes, "%"),
        ("Metacritic", content.metacritic, "/100"),
    ]
    return [(name, value, unit) for name, value, unit in rows if value is not None]  # type: ignore[misc]


OFFER_LABELS = {
    "flatrate": _("Stream"),
    "free": _("Free"),
    "ads": _("Free with ads"),
    "rent": _("Rent"),
    "buy": _("Buy"),
}


def _where_to_watch(content: Content, region: str) -> list[dict[str, Any]]:
    """Offers in the viewer's country (apps/ott), grouped by terms, with the date the source
    said so; a past catalogue (the 2021-23 data sets) is named with its year, never as current."""
    grouped = availability_grouped(content_id=content.pk, country=region)
    rows = [row for group in grouped["offers"].values() for row in group]
    if not rows:
        return []

    def name(row: Any) -> str:
        return f"{row.platform.name} ({row.as_of.year})" if row.historical else row.platform.name

    return [
        {
            "region": region,
            "offers": [
                (
                    OFFER_LABELS[kind],
                    # current offers before past catalogues, then the platforms' own order
                    ", ".join(
                        dict.fromkeys(name(r) for r in sorted(group, key=lambda r: r.historical))
                    ),
                )
                for kind, group in grouped["offers"].items()
                if kind in OFFER_LABELS
            ],
            "link": next((r.deep_link for r in rows if r.deep_link), ""),
            "as_of": max(r.as_of for r in rows),
            # TMDB's watch-provider data is JustWatch's, credited where shown
            "justwatch": any(r.source == "tmdb" for r in rows),
        }
    ]


@require_GET
def title(request: HttpRequest, content_id: int) -> HttpResponse:
    content = _content(content_id)
    user = viewer(request)
    if user is not None:
        interaction_record(kind=InteractionKind.VIEW, user=user, content=content, context=CONTEXT)
    similar = cards_from_served(reco.similar_to(content, k=12))
    genres = sorted(g.slug for g in content.genres.all())
    return render(
        request,
        "web/title.html",
        {
            "content": content,
            "genres": genres,
            "card_hue": GENRE_HUES.get(genres[0], DEFAULT_HUE) if genres else DEFAULT_HUE,
            "localised_titles": sorted((content.titles or {}).items()),
            "sources": _sources(content),
            "our_users": content_user_ratings(content=content),
            "where_to_watch": _where_to_watch(content, viewing_of(request).country),
            "similar": similar,
            "rating_choices": range(1, 11),
            "share": content_share_meta(content=content, base_url=request.build_absolute_uri("/")),
            "reviews": list(review_list(content=content)[:REVIEWS_SHOWN]),
            **_state(user, content),
        },
    )


def _actions(request: HttpRequest, content: Content, user: User) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "web/_actions.html",
            {"content": content, "rating_choices": range(1, 11), **_state(user, content)},
        )
    return redirect(reverse("web:title", args=[content.pk]))


def _list_toggle(request: HttpRequest, content_id: int, which: str) -> HttpResponse:
    content = _content(content_id)
    user = viewer(request)
    if user is None:
        return to_signin(request, reverse("web:title", args=[content_id]))
    add = request.POST.get("action", "add") == "add"
    if which == "watchlist":
        if add:
            accounts.watchlist_add(user=user, content=content, context=CONTEXT)
        else:
            # already gone (a second tab): the button then shows the current state
            with contextlib.suppress(NotFoundError):
                accounts.watchlist_remove(user=user, content_id=content.pk, context=CONTEXT)
    elif add:
        accounts.favorite_add(user=user, content=content, context=CONTEXT)
    else:
        with contextlib.suppress(NotFoundError):
            accounts.favorite_remove(user=user, content_id=content.pk, context=CONTEXT)
    return _actions(request, content, user)


@require_POST
def watchlist_toggle(request: HttpRequest, content_id: int) -> HttpResponse:
    return _list_toggle(request, content_id, "watchlist")


@require_POST
def favourite_toggle(request: HttpRequest, content_id: int) -> HttpResponse:
    return _list_toggle(request, content_id, "favourite")


@require_POST
def rate(request: HttpRequest, content_id: int) -> HttpResponse:
    content = _content(content_id)
    user = viewer(request)
    if user is None:
        return to_signin(request, reverse("web:title", args=[content_id]))
    form = RatingForm(request.POST)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    try:
        row, _created = accounts.rating_upsert(
            user=user, content=content, context=CONTEXT, **form.changes()
        )
    except ApplicationError as error:  # a review with no rating yet
        return HttpResponse(error.message, status=400, content_type="text/plain")
    if request.POST.get("compact"):
        return render(
            request, "web/_rate_compact.html", {"content": content, "my_rating": row.rating}
        )
    return _actions(request, content, user)
