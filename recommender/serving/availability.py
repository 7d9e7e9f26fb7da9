"""Where-to-watch filtering for serving: which of the model's items a request may list.

Applied with the engine's other filters (kind, languages, seen), before diversification and the
top-k cut, so asking for k titles on two platforms gives k when k exist (docs/ott.md)."""

from __future__ import annotations

import numpy as np

from apps.ott.selectors import allowed_content_array
from recommender.serving.types import RecoRequest


def allowed_mask(item_ids: np.ndarray, request: RecoRequest) -> np.ndarray | None:
    """True where the title is on one of the request's platforms in its country, or free there;
    None when the request does not filter by platform."""
    if request.platforms is None:
        return None
    allowed = allowed_content_array(request.platforms, request.country)
    return np.isin(item_ids, allowed)


def allowed_ids(ids: list[int], request: RecoRequest) -> list[int]:
    """The same rule over a plain id list (catalogue fallbacks), order kept."""
    if request.platforms is None:
        return ids
    allowed = allowed_content_array(request.platforms, request.country)
    keep = np.isin(np.asarray(ids, dtype=np.int64), allowed)
    return [i for i, ok in zip(ids, keep, strict=True) if ok]
