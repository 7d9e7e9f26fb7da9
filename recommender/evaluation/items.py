"""Reading optional item metadata (id, title, year, genres, kind, language, text) for evaluation.

Recognised headers (case-insensitive, RecBole ':type' suffixes ignored): the first column is the
item id; title/name/movie_title; year/release_year; genres/genre/class; type/kind;
language/original_language; overview/description. Genres may be separated by |, comma or space.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from recommender.algorithms.base import ItemFeatures

_ALIASES = {
    "title": ("title", "name", "movie_title"),
    "year": ("year", "release_year"),
    "genres": ("genres", "genre", "class"),
    "kind": ("type", "kind"),
    "language": ("language", "original_language"),
    "text": ("overview", "description", "plot"),
    "popularity": ("members", "imdb_votes", "votes", "popularity"),
}


def _column(frame: pd.DataFrame, key: str) -> pd.Series | None:
    names = {c.split(":")[0].strip().lower(): c for c in frame.columns}
    for alias in _ALIASES[key]:
        if alias in names:
            return frame[names[alias]].fillna("").astype(str)
    return None


def _split_genres(value: str) -> list[str]:
    parts = re.split(r"[|,]" if re.search(r"[|,]", value) else r"\s+", value)
    return [p.strip().lower().replace("'", "") for p in parts if p.strip()]


def read_item_features(path: str | Path, item_ids: np.ndarray) -> ItemFeatures:
    """Features aligned with item_ids (the ratings file's item vocabulary); unknown items are blank."""
    path = Path(path)
    with path.open(encoding="utf-8") as handle:
        sep = "\t" if "\t" in handle.readline() else ","
    frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False)
    ids = frame.iloc[:, 0].astype(str).str.strip()
    position = {key: n for n, key in enumerate(str(i) for i in item_ids)}
    rows = np.array([position.get(i, -1) for i in ids])
    present = rows >= 0
    n = len(item_ids)

    def aligned(key: str, default: str = "") -> np.ndarray:
        out = np.full(n, default, dtype=object)
        column = _column(frame, key)
        if column is not None:
            out[rows[present]] = column.to_numpy()[present]
        return out

    genre_lists = [_split_genres(g) for g in aligned("genres")]
    names = sorted({g for genres in genre_lists for g in genres})
    index = {g: i for i, g in enumerate(names)}
    coo_rows = [r for r, genres in enumerate(genre_lists) for _ in genres]
    coo_cols = [index[g] for genres in genre_lists for g in genres]
    genres = sparse.csr_matrix(
        (np.ones(len(coo_rows), np.float32), (coo_rows, coo_cols)), shape=(n, len(names))
    )
    years = np.array([int(y) if str(y).isdigit() else 0 for y in aligned("year", "0")])
    popularity = np.array(
        [float(p) if re.fullmatch(r"[\d.]+", str(p)) else 0.0 for p in aligned("popularity", "0")]
    )
    return ItemFeatures(
        genres=genres,
        genre_names=tuple(names),
        languages=np.array([str(v).lower() for v in aligned("language")], dtype=object),
        kinds=np.array([str(v).lower() for v in aligned("kind")], dtype=object),
        years=years,
        text=tuple(str(t) for t in aligned("text")),
        popularity=popularity,
        titles=tuple(str(t) for t in aligned("title")),
    )
