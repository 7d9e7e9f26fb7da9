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

    Raises ValueError with the reason when the file does not have that shape.
    """
    path = Path(path)
    frame = pd.read_csv(
        path,
        sep=_delimiter(path),
        header=0,
        dtype=str,
        quoting=csv.QUOTE_MINIMAL,
        compression="infer",
        keep_default_na=False,
    )
    if frame.shape[1] < 3:
        raise ValueError(
            f"{path}: need at least user, item, rating columns; got {list(frame.columns)}"
        )
    users, user_ids, _ = _ids(frame.iloc[:, 0])
    items, item_ids, _ = _ids(frame.iloc[:, 1])
    try:
        ratings = frame.iloc[:, 2].astype(np.float64).to_numpy()
        stamps = (
            frame.iloc[:, 3].replace("", "0").astype(np.float64).to_numpy()
            if frame.shape[1] > 3
            else np.zeros(len(frame))
        )
    except ValueError as exc:
        raise ValueError(f"{path}: rating and timestamp columns must be numeric ({exc})") from None
    return Ratings(users, items, ratings, stamps, user_ids, item_ids)
