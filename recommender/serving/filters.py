"""A request's filters (kind, language, genre, where to watch, hidden titles) evaluated where
they are needed: over chosen item positions (two-stage serving's pool, a narrow filter's
titles), or over the whole catalogue (the exact path), never as a per-request mask over 1M
titles just to learn how many pass. How narrow a filter is comes from ItemMeta's inverted
indexes (built once per meta): docs/scale.md, "Two-stage retrieval"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from apps.curation.selectors import hidden_content_ids
from apps.ott.selectors import allowed_content_array
from recommender.serving.items import ItemMeta
from recommender.serving.types import RecoRequest


@dataclass(frozen=True)
class Candidates:
    """positions: a superset of the items the filters allow (ascending), from the narrowest
    single filter; None when no filter narrows (hidden titles only, or nothing)."""

    positions: np.ndarray | None
    total: int  # the catalogue's size

    @property
    def bound(self) -> int:
        """At most this many titles pass."""
        return self.total if self.positions is None else len(self.positions)


@dataclass
class RequestFilters:
    """The request's filters over one catalogue (ItemMeta positions)."""

    request: RecoRequest
    _platform_ids: np.ndarray | None = field(default=None, init=False)

    @property
    def filters_anything(self) -> bool:
        r = self.request
        return bool(r.kinds or r.languages or r.genres or r.platforms is not None) or bool(
            hidden_content_ids()
        )

    def platform_ids(self) -> np.ndarray:
        """The content ids on the request's platforms (sorted), read once per request."""
        assert self.request.platforms is not None
        if self._platform_ids is None:
            self._platform_ids = allowed_content_array(self.request.platforms, self.request.country)
        return self._platform_ids

    def mask(self, meta: ItemMeta, cols: np.ndarray | None = None) -> np.ndarray:
        """Which of the positions `cols` (every item when None) the filters allow."""
        r = self.request
        n = len(meta.item_ids) if cols is None else len(cols)
        ids = meta.item_ids if cols is None else meta.item_ids[cols]
        mask = np.ones(n, dtype=bool)
        if r.kinds:
            mask &= _coded(meta.kind_index, r.kinds, cols)
        if r.languages:
            mask &= _coded(meta.language_index, r.languages, cols)
        if r.genres:
            picked = [meta.genre_slugs.index(g) for g in r.genres if g in meta.genre_slugs]
            rows = slice(None) if cols is None else np.asarray(cols)[:, None]
            # only the asked genres' columns of the asked rows (not every genre of every row)
            mask &= meta.genre_dense[rows, picked].any(axis=1) if picked else False
        hidden = hidden_content_ids()
        if hidden:
            mask &= ~np.isin(ids, np.fromiter(hidden, dtype=np.int64, count=len(hidden)))
        if r.platforms is not None:
            mask &= np.isin(ids, self.platform_ids())
        return mask

    def candidates(self, meta: ItemMeta) -> Candidates:
        """The narrowest single filter's titles, from the inverted indexes: O(those titles).
        Each filter's size is counted first (list lengths; an upper bound for genres, which
        overlap, and platforms); only the smallest is listed."""
        r = self.request
        options: list[tuple[int, Callable[[], np.ndarray]]] = []
        for wanted, index, disjoint in (
            (r.kinds, meta.titles_by_kind, True),
            (r.languages, meta.titles_by_language, True),
            (r.genres, meta.titles_by_genre, False),
        ):
            if wanted:
                parts = [index[w] for w in dict.fromkeys(wanted) if w in index]
                options.append((sum(len(p) for p in parts), partial(_union, parts, disjoint)))
        if r.platforms is not None:
            options.append((len(self.platform_ids()), partial(self._platform_positions, meta)))
        if not options:
            return Candidates(None, len(meta.item_ids))
        _, listing = min(options, key=lambda option: option[0])
        return Candidates(listing(), len(meta.item_ids))

    def _platform_positions(self, meta: ItemMeta) -> np.ndarray:
        pos, found = meta.columns(self.platform_ids())
        return np.unique(pos[found])

    def allowed(self, meta: ItemMeta, candidates: Candidates) -> np.ndarray:
        """Every allowed position (ascending): the candidates that pass all filters."""
        pool = (
            np.arange(len(meta.item_ids)) if candidates.positions is None else candidates.positions
        )
        return pool[self.mask(meta, pool)]


def _coded(
    index: tuple[np.ndarray, np.ndarray], wanted: list[str], cols: np.ndarray | None
) -> np.ndarray:
    """Items whose code (language, kind) is among `wanted`, compared as integer codes."""
    codes, inverse = index
    picked = np.flatnonzero(np.isin(codes, [str(w) for w in wanted]))
    return np.isin(inverse if cols is None else inverse[cols], picked)


def _union(parts: list[np.ndarray], disjoint: bool) -> np.ndarray:
    """The ascending union of ascending position lists (disjoint: no title in two of them)."""
    if not parts:
        return np.empty(0, np.int64)
    if len(parts) == 1:
        return parts[0]
    joined = np.concatenate(parts)
    return np.sort(joined) if disjoint else np.unique(joined)
