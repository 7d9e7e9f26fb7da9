"""A public list (apps.social) at the path its share cards link to (SHARE_LIST_PATH)."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.core.exceptions import NotFoundError
from apps.core.viewing import viewing_of
from apps.social.selectors import list_contents, list_get
from apps.social.share import list_share_meta
from apps.web.cards import cards_from_contents
from apps.web.pages.common import viewer
from apps.web.viewing import with_availability


@require_GET
def public_list(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        found = list_get(slug=slug, viewer=viewer(request))
    except NotFoundError:
        raise Http404 from None
    contents = list_contents(user_list=found)
    prefetch_related_objects(contents, "genres")
    seen = viewing_of(request)
    return render(
        request,
        "web/list.html",
        {
            "list": found,
            "owner": found.owner.public_name,
            "cards": with_availability(cards_from_contents(contents), seen.country),
            "location": seen,
            "share": list_share_meta(user_list=found, base_url=request.build_absolute_uri("/"))
            if found.is_public
            else None,
        },
    )
