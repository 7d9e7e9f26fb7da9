"""IMDb ratings/list CSV and Letterboxd ratings/watchlist CSV: one pass over the records.

A record becomes a dict of at most `MAX_COLUMNS` cells, so the work per record is bounded and a
file costs time in proportion to its size, whatever its shape.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from apps.core.numbers import parse_decimal, parse_int
from apps.portability.parsers.common import (
    MAX_ID,
    MAX_ROWS,
    ImportParseError,
    ImportRow,
    TooManyRows,
    clean,
    decode,
    shown,
    title,
    year,
)

MAX_COLUMNS = 64  # IMDb's widest export has 17; a header of thousands is not an export
IMDB_ID = re.compile(r"tt[0-9]{5,10}")
LETTERBOXD_REQUIRED = ("Name", "Year", "Letterboxd URI")
IMDB_REQUIRED = ("Const", "Title")
# IMDb "Title Type" -> our kind; anything else (episodes, games, podcasts) is skipped.
IMDB_KINDS = {
    "movie": "movie",
    "tvmovie": "movie",
    "tv movie": "movie",
    "video": "movie",
    "tvspecial": "movie",
    "tv special": "movie",
    "short": "movie",
    "tvseries": "tv",
    "tv series": "tv",
    "tvminiseries": "tv",
    "tv mini series": "tv",
    "anime": "anime",  # our own export
}


def header_problem(first_line: str, required: tuple[str, ...], name: str) -> str | None:
    """Why a header row is not this export's (None when it is): the columns it must have."""
    try:
        cells = next(csv.reader([first_line]), [])
    except csv.Error:
        cells = []
    return _missing(header=[clean(cell) for cell in cells], required=required, name=name)


def _missing(*, header: list[str], required: tuple[str, ...], name: str) -> str | None:
    missing = [column for column in required if column not in header]
    if missing:
        return f"Line 1: this is not a {name} export; missing column(s) {', '.join(missing)}."
    return None


class Record:
    """One CSV record read by column name; a cell is cleaned only when it is read."""

    __slots__ = ("cells", "columns")

    def __init__(self, columns: dict[str, int], cells: list[str]) -> None:
        self.columns = columns
        self.cells = cells

    def __contains__(self, name: str) -> bool:
        return name in self.columns

    def get(self, name: str) -> str:
        index = self.columns.get(name)
        return clean(self.cells[index]) if index is not None and index < len(self.cells) else ""


def _records(
    text: str, required: tuple[str, ...], name: str, max_rows: int
) -> Iterator[tuple[int, Record]]:
    """(line, record) for every non-blank record, the line being the one the record starts on.
    Every record counts towards `max_rows`, blank and skipped ones too: the loop runs at most
    that many times, whatever the file holds after."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise ImportParseError(f"Line 1: {exc}.", line=1) from None
    if len(header) > MAX_COLUMNS:
        raise ImportParseError(f"Line 1: more than {MAX_COLUMNS} columns.", line=1)
    header = [clean(cell) for cell in header]
    problem = _missing(header=header, required=required, name=name)
    if problem:
        raise ImportParseError(problem, line=1)
    columns = {column: index for index, column in reversed(list(enumerate(header)))}
    width = len(header)
    start = 2
    try:
        for count, cells in enumerate(reader, start=1):
            if count > max_rows:
                raise TooManyRows(max_rows, line=start)
            if cells:
                if len(cells) > width:
                    raise ImportParseError(f"Line {start}: more values than columns.", line=start)
                yield start, Record(columns, cells)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportParseError(f"Line {start}: {exc}.", line=start) from None


def parse_imdb(data: bytes, *, max_rows: int = MAX_ROWS) -> list[ImportRow]:
    """IMDb 'Your Ratings' export; list and watchlist exports carry the same columns (their unrated
    rows go to the watchlist). Our own CSV export reads back too (its MAL ID and List columns)."""
    rows = []
    for line, record in _records(decode(data), IMDB_REQUIRED, "IMDb", max_rows):
        row = _imdb_row(line, record)
        if row is not None:
            rows.append(row)
    return rows


def _imdb_row(line: int, record: Record) -> ImportRow | None:
    const, raw_mal = record.get("Const"), record.get("MAL ID")
    if const and not IMDB_ID.fullmatch(const):
        raise ImportParseError(f"Line {line}: {shown(const)} is not an IMDb id.", line=line)
    mal = parse_int(raw_mal, minimum=1, maximum=MAX_ID) if raw_mal else None
    if raw_mal and mal is None:
        raise ImportParseError(f"Line {line}: MAL ID {shown(raw_mal)} is not an id.", line=line)
    if not const and mal is None and not (record.get("Title") and record.get("Year")):
        raise ImportParseError(f"Line {line}: the row has no IMDb id.", line=line)
    default = "ratings" if record.get("Your Rating") else "watchlist"
    listed = record.get("List") if "List" in record else default
    if listed not in ("ratings", "watchlist"):
        return None  # favourites and named lists of our own export are not imported
    title_type = record.get("Title Type").lower()
    kind = IMDB_KINDS.get(title_type)
    if title_type and kind is None:
        return None  # episodes, games, podcasts: nothing we catalogue
    raw = record.get("Your Rating")
    rating = parse_int(raw, minimum=1, maximum=10) if raw else None
    if raw and rating is None:
        raise ImportParseError(
            f"Line {line}: rating {shown(raw)} is not a whole number from 1 to 10.", line=line
        )
    return ImportRow(
        line=line,
        title=title(record.get("Title")),
        year=year(record.get("Year"), line),
        kind=kind,
        imdb_id=const or None,
        mal_id=mal,
        rating=rating,
        watchlist=rating is None,
    )


def _stars(raw: str, line: int) -> int | None:
    """Letterboxd half stars 0.5-5 doubled onto 1-10; an empty cell is no rating."""
    if not raw:
        return None
    stars = parse_decimal(raw)
    if stars is None:
        raise ImportParseError(f"Line {line}: rating {shown(raw)} is not a number.", line=line)
    doubled = stars * 2
    if doubled != doubled.to_integral_value() or not 1 <= doubled <= 10:
        raise ImportParseError(
            f"Line {line}: rating {shown(raw)} is not 0.5 to 5 in half stars.", line=line
        )
    return int(doubled)


def parse_letterboxd(data: bytes, *, max_rows: int = MAX_ROWS) -> list[ImportRow]:
    """ratings.csv (Date,Name,Year,Letterboxd URI,Rating) or watchlist.csv (no Rating column)."""
    rows = []
    for line, record in _records(decode(data), LETTERBOXD_REQUIRED, "Letterboxd", max_rows):
        has_rating = "Rating" in record
        name = record.get("Name")
        if not name:
            raise ImportParseError(f"Line {line}: the film has no name.", line=line)
        rating = _stars(record.get("Rating"), line) if has_rating else None
        if has_rating and rating is None:
            continue  # a ratings.csv row without a rating carries nothing to import
        rows.append(
            ImportRow(
                line=line,
                title=title(name),
                year=year(record.get("Year"), line),
                kind="movie",
                rating=rating,
                watchlist=not has_rating,
            )
        )
    return rows
