"""Trending for the ML surface: the catalogue's trending list (recent activity blended with
source popularity) in the user's languages when they have preferences, with reasons."""

from __future__ import annotations

from apps.accounts.models import User
from apps.catalog.selectors import ContentFilters, content_trending
from recommender.serving.items import seen_content_ids
from recommender.serving.reasons import Reason
from recommender.serving.served import Served, cards_by_id, item, served_items
from recommender.serving.types import RecoRequest


def trending_for(user: User | None, request: RecoRequest) -> Served:
    languages = (
        request.languages
        or (list(user.preferred_languages) if user is not None else [])
        or list(request.visitor.languages[:2])  # where the visitor is: Chennai leads with Tamil
    )
    kind = request.kinds[0] if request.kinds else None
    ids: list[int] = []
    for language in languages or [None]:  # type: ignore[list-item]
        ids += content_trending(
            filters=ContentFilters(
                kind=kind, language=language, platforms=request.platforms, country=request.country
            ),
            window="week",
            limit=request.k * 3,
        )
    if languages and len(ids) < request.k:
        ids += content_trending(
            filters=ContentFilters(kind=kind, platforms=request.platforms, country=request.country),
            window="week",
            limit=request.k * 3,
        )
    seen = seen_content_ids(user) if request.exclude_seen else set()
    ordered = [i for i in dict.fromkeys(ids) if i not in seen]
    cards = cards_by_id(ordered[: request.k * 2], request)
    if request.genres:
        ordered = [i for i in ordered if i in cards and set(cards[i].genres) & set(request.genres)]
    items = []
    for rank, cid in enumerate(o for o in ordered if o in cards):
        if rank >= request.k:
            break
        language = cards[cid].original_language
        reason = (
            Reason("trending_in_language", {"language": language})
            if language
            else Reason("trending_now")
        )
        items.append(item(cards[cid], round(1.0 - rank / max(request.k, 1), 4), reason))
    return served_items(items, "trending", [])
