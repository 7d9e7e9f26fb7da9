"""A user id -> row mapping over two arrays instead of a Python dict (docs/scale.md, artifacts).

A dict costs ~100 bytes a user and is private to every process; the arrays here can be
memory-mapped from the host's local artifact copy, so gunicorn workers share them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np


class UserIndex(Mapping[Any, int]):
    """Mapping protocol over `ids` (row order) and the same ids sorted with their rows.

    Lookups are a binary search (np.searchsorted). Keys of the wrong kind (a string against
    integer ids, or the reverse) are simply absent, as they would be in a dict.
    """

    __slots__ = ("_rows", "_sorted", "ids")

    def __init__(
        self,
        ids: np.ndarray,
        sorted_ids: np.ndarray | None = None,
        rows: np.ndarray | None = None,
    ) -> None:
        self.ids = ids
        if sorted_ids is None or rows is None:
            rows, sorted_ids = sorted_users(ids)
        self._sorted = sorted_ids
        self._rows = rows

    def _row(self, key: Any) -> int | None:
        if not _same_kind(key, self._sorted.dtype) or not len(self._sorted):
            return None
        try:
            pos = int(np.searchsorted(self._sorted, key))
        except (OverflowError, TypeError):  # an int beyond int64
            return None
        if pos < len(self._sorted) and self._sorted[pos] == key:
            return int(self._rows[pos])
        return None

    def __getitem__(self, key: Any) -> int:
        row = self._row(key)
        if row is None:
            raise KeyError(key)
        return row

    def __contains__(self, key: object) -> bool:
        return self._row(key) is not None

    def __iter__(self) -> Iterator[Any]:
        return (value.item() for value in self.ids)

    def __len__(self) -> int:
        return len(self.ids)


def sorted_users(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rows, sorted ids): rows[i] is the row of the i-th smallest id."""
    rows = np.argsort(ids, kind="stable").astype(np.int64)
    return rows, np.asarray(ids)[rows]


def _same_kind(key: Any, dtype: np.dtype) -> bool:
    if dtype.kind in "iu":
        return isinstance(key, int | np.integer)
    return isinstance(key, str | np.str_)
