"""Warm recommendation responses as bytes: a cached list is a cached list.

The first answer for a cached list (the plan's key: user, activity version, model versions,
request, language) also stores the JSON the warm answer renders to (`cached: true`, the
experiment's variant), so every later request sends those bytes: no unpickling of the list's
objects, no serializing, no JSON rendering. The bytes are kept beside the ids the list had before
the hidden-titles filter and the ids that filter dropped then; a hide or unhide since changes
what the filter would drop, and the answer is rendered afresh. Nothing per-user is shared: the
key is the list's own key, which names the user.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.core.cache import cache

from apps.curation.selectors import hidden_content_ids
from apps.curation.versions import HIDDEN_IDS_KEY
from recommender.serving.served import Served
from recommender.serving.service import LIST_TTL, Plan

Renderer = Callable[[Served], tuple[bytes, str]]  # a list -> (the response body, its type)


@dataclass(frozen=True)
class Rendered:
    body: bytes
    content_type: str
    listed_ids: tuple[int, ...]  # the list before the hidden-titles filter
    dropped: frozenset[int]  # the ids that filter removed when the body was rendered


def rendered_key(plan: Plan, media_type: str) -> str | None:
    """None for a list that is not cached (a visitor's)."""
    if plan.key is None:
        return None
    tag = hashlib.sha256(f"{media_type}|{plan.experiment_meta}".encode()).hexdigest()[:12]
    return f"{plan.key}:body:{tag}"


def rendered_get(key: str) -> Rendered | None:
    """The stored answer, unless the hidden titles changed what it would show. One cache round
    trip for both (the hidden ids as apps.curation caches them: a list; read from the database
    only when that entry is missing)."""
    entries = cache.get_many([key, HIDDEN_IDS_KEY])
    found = entries.get(key)
    if not isinstance(found, Rendered):
        return None
    ids = entries.get(HIDDEN_IDS_KEY)
    hidden = hidden_content_ids() if ids is None else frozenset(ids)
    dropped = {i for i in found.listed_ids if i in hidden} if hidden else set()
    return found if dropped == found.dropped else None


def shown_ids(rendered: Rendered) -> list[int]:
    """The ids the stored answer shows, in order."""
    return [i for i in rendered.listed_ids if i not in rendered.dropped]


def rendered_set(key: str, listed: Served, shown: Served, render: Renderer) -> None:
    """Store what a repeat of this request answers: `shown` (the list after the hidden-titles
    filter) as the cache serves it, rendered by `render`."""
    warm = replace(shown, cached=True)
    body, content_type = render(warm)
    kept = {i.content_id for i in shown.items}
    listed_ids = tuple(i.content_id for i in listed.items)
    dropped = frozenset(i for i in listed_ids if i not in kept)
    cache.set(key, Rendered(body, content_type, listed_ids, dropped), timeout=LIST_TTL)
