"""Trending for the ML surface: the catalogue's trending list (recent activity blended with
source popularity) in the user's languages when they have preferences, with reasons."""

from __future__ import annotations

from typing import Any

from apps.accounts.models import User
from apps.catalog.selectors import ContentFilters, content_trending
from apps.core.vocabulary import language_name
from recommender.serving.engine import RecoRequest, content_brief
from recommender.serving.items import seen_content_ids
from recommender.serving.similar import _wrap


def trending_body(user: User | None, request: RecoRequest) -> dict[str, Any]:
    languages = request.languages or (list(user.preferred_languages) if user is not None else [])
    kind = request.kinds[0] if request.kinds else None
    ids: list[int] = []
    for language in languages or [None]:  # type: ignore[list-item]
        ids += content_trending(
            filters=ContentFilters(kind=kind, language=language), window="week", limit=request.k * 3
        )
    if languages and len(ids) < request.k:
        ids += content_trending(
            filters=ContentFilters(kind=kind), window="week", limit=request.k * 3
        )
    seen = seen_content_ids(user) if request.exclude_seen else set()
    ordered = [i for i in dict.fromkeys(ids) if i not in seen]
    briefs = content_brief(ordered[: request.k * 2])
    if request.genres:
        ordered = [
            i for i in ordered if i in briefs and set(briefs[i]["genres"]) & set(request.genres)
        ]
    items = []
    for rank, cid in enumerate(o for o in ordered if o in briefs):
        if rank >= request.k:
            break
        language = language_name(briefs[cid]["original_language"])
        reason = f"trending in {language} this week" if language else "trending this week"
        items.append(
            {
                "content": briefs[cid],
                "score": round(1.0 - rank / max(request.k, 1), 4),
                "reason": reason,
            }
        )
    return _wrap(items, "trending", [])
