"""Which of the model's items a list may show: not hidden by curators, and, when the request
asks, on the person's platforms in their country or free there (docs/ott.md, docs/curation.md).

Applied with the engine's other filters (kind, languages, seen), before diversification and the
top-k cut, so asking for k titles on two platforms gives k when k exist."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from apps.curation.selectors import hidden_content_ids
from apps.ott.selectors import allowed_content_array
from recommender.serving.served import Served
from recommender.serving.types import RecoRequest


def allowed_mask(item_ids: np.ndarray, request: RecoRequest) -> np.ndarray | None:
    """A boolean mask over `item_ids`; None when nothing is filtered out."""
    mask = None
    hidden = hidden_content_ids()
    if hidden:
        mask = ~np.isin(item_ids, np.fromiter(hidden, dtype=np.int64, count=len(hidden)))
    if request.platforms is not None:
        on_platforms = np.isin(item_ids, allowed_content_array(request.platforms, request.country))
        mask = on_platforms if mask is None else mask & on_platforms
    return mask


def allowed_ids(ids: list[int], request: RecoRequest) -> list[int]:
    """The same rule over a plain id list (catalogue fallbacks), order kept."""
    mask = allowed_mask(np.asarray(ids, dtype=np.int64), request)
    return ids if mask is None else [i for i, ok in zip(ids, mask, strict=True) if ok]


def without_hidden(served: Served) -> Served:
    """A cached list minus titles hidden since it was cached."""
    hidden = hidden_content_ids()
    if not hidden:
        return served
    return replace(served, items=tuple(i for i in served.items if i.content_id not in hidden))
