"""Reading a ratings file (user, item, rating[, timestamp]) into arrays and InteractionData."""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd
from scipy import sparse

from recommender.algorithms.base import InteractionData, ItemFeatures


@dataclass(frozen=True)
class Ratings:
    """Rows in file order; user/item are positions into user_ids/item_ids."""

    users: np.ndarray
    items: np.ndarray
    ratings: np.ndarray
    timestamps: np.ndarray
    user_ids: np.ndarray
    item_ids: np.ndarray

    @property
    def n_users(self) -> int:
        return len(self.user_ids)

    @property
    def n_items(self) -> int:
        return len(self.item_ids)

    def __len__(self) -> int:
        return len(self.users)

    def interaction_data(
        self, rows: np.ndarray | None = None, item_features: ItemFeatures | None = None
    ) -> InteractionData:
        """A user x item matrix over every user and item of the file, filled from `rows`."""
        rows = np.arange(len(self)) if rows is None else rows
        shape = (self.n_users, self.n_items)
        matrix = sparse.csr_matrix(
            (self.ratings[rows].astype(np.float32), (self.users[rows], self.items[rows])),
            shape=shape,
        )
        stamps = sparse.csr_matrix(
            (self.timestamps[rows].astype(np.float64), (self.users[rows], self.items[rows])),
            shape=shape,
        )
        matrix.sum_duplicates()
        stamps.sum_duplicates()
        return InteractionData(
            user_ids=self.user_ids,
            item_ids=self.item_ids,
            matrix=matrix,
            timestamps=stamps,
            item_features=item_features,
        )


def _open_text(path: Path) -> TextIO:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open("r", encoding="utf-8", newline="")


def _delimiter(path: Path) -> str:
    with _open_text(path) as handle:
        header = handle.readline()
    return "\t" if "\t" in header else ","


def _ids(column: pd.Series) -> tuple[np.ndarray, np.ndarray, bool]:
    """Positions and the sorted vocabulary; ids compare as integers when all are integers."""
    values = column.astype(str).str.strip()
    numeric = values.str.fullmatch(r"-?\d+").all()
    vocab_source = values.astype(np.int64) if numeric else values
    codes, uniques = pd.factorize(vocab_source, sort=True)
    return codes.astype(np.int64), np.asarray(uniques), bool(numeric)


def read_ratings(path: str | Path) -> Ratings:
    """Columns by position: user, item, rating, optional timestamp; one header line; tab or comma.
    Ratings on any numeric scale (0.5-5, 1-10, ...); ids strings or integers.

    Raises ValueError naming the file and the first bad line (1 = the header) when a row has the
    wrong number of fields, an empty id, or a rating or timestamp that is not a finite number.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(
            path,
            sep=_delimiter(path),
            header=0,
            dtype=str,
            quoting=csv.QUOTE_MINIMAL,
            compression="infer",
            keep_default_na=False,
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not a ratings file: {exc}") from None
    if frame.shape[1] < 3:
        raise ValueError(
            f"{path}: need at least user, item, rating columns; got {list(frame.columns)}"
        )
    if frame.empty:
        raise ValueError(f"{path}: no ratings after the header line")
    lines = _line_numbers(path, frame.shape[1], len(frame))
    for position, what in ((0, "user id"), (1, "item id")):
        empty = (frame.iloc[:, position].str.strip() == "").to_numpy()
        if empty.any():
            raise ValueError(f"{path}, line {lines[int(np.flatnonzero(empty)[0])]}: empty {what}")
    users, user_ids, _ = _ids(frame.iloc[:, 0])
    items, item_ids, _ = _ids(frame.iloc[:, 1])
    ratings = _numbers(frame.iloc[:, 2], path, lines, "rating")
    stamps = (
        _numbers(frame.iloc[:, 3].replace("", "0"), path, lines, "timestamp")
        if frame.shape[1] > 3
        else np.zeros(len(frame))
    )
    return Ratings(users, items, ratings, stamps, user_ids, item_ids)


def _numbers(column: pd.Series, path: Path, lines: np.ndarray, what: str) -> np.ndarray:
    values = pd.to_numeric(column.str.strip(), errors="coerce").to_numpy(dtype=np.float64)
    bad = ~np.isfinite(values)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{path}, line {lines[row]}: {what} {column.iloc[row]!r} is not a number")
    return values


def _line_numbers(path: Path, n_fields: int, n_rows: int) -> np.ndarray:
    """The file line (1-based, the header is line 1) of each data row, blank lines skipped;
    ValueError naming the first line whose number of fields differs from the header's."""
    numbers = []
    with _open_text(path) as handle:
        reader = csv.reader(handle, delimiter=_delimiter(path))
        next(reader, None)
        for fields in reader:
            if not fields or not any(f.strip() for f in fields):
                continue
            if len(fields) != n_fields:
                raise ValueError(
                    f"{path}, line {reader.line_num}: expected {n_fields} fields, found {len(fields)}"
                )
            numbers.append(reader.line_num)
    if len(numbers) != n_rows:
        return np.arange(2, n_rows + 2)
    return np.asarray(numbers)
