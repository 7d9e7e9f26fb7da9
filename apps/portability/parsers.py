"""Parsers for other services' exports: IMDb ratings CSV, Letterboxd ratings/watchlist CSV and
MyAnimeList anime XML (current and the older malappinfo layout). Plain Python, no Django models.

Every parser reads the whole file before anything is written and raises `ImportParseError`
naming the line for a malformed file (docs/social.md, "Import").
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

IMDB_ID = re.compile(r"^tt\d{5,10}$")
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
# MyAnimeList list statuses, as names (current export) or numbers (older layout).
MAL_PLAN_TO_WATCH = {"plan to watch", "6"}
MAL_KNOWN_STATUSES = {
    "watching",
    "completed",
    "on-hold",
    "dropped",
    "plan to watch",
    "1",
    "2",
    "3",
    "4",
    "6",
}


class ImportParseError(Exception):
    """A malformed file: the message names the line (1-based, as an editor shows it)."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class ImportRow:
    """One entry of an export in our vocabulary: a 1-10 rating and/or a watchlist entry."""

    line: int
    title: str
    year: int | None = None
    kind: str | None = None  # movie | tv | anime; None when the source does not say
    imdb_id: str | None = None
    mal_id: int | None = None
    rating: int | None = None  # 1-10
    watchlist: bool = False

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, the encoding older IMDb exports used."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(text: str, required: tuple[str, ...], name: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [column for column in required if column not in header]
    if missing:
        raise ImportParseError(
            f"Line 1: this is not a {name} export; missing column(s) {', '.join(missing)}.",
            line=1,
        )
    reader.fieldnames = header
    rows = []
    while True:
        start = reader.line_num + 1  # the line the next record begins on
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ImportParseError(f"Line {start}: {exc}.", line=start) from None
        if None in record:  # more cells than the header has columns
            raise ImportParseError(f"Line {start}: more values than columns.", line=start)
        rows.append((start, {k: (v or "").strip() for k, v in record.items()}))
    return rows


def _year(value: str, line: int) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not 1870 <= int(value) <= 2100:
        raise ImportParseError(f"Line {line}: year {value!r} is not a year.", line=line)
    return int(value)


def parse_imdb(data: bytes) -> list[ImportRow]:
    """IMDb 'Your Ratings' export; list and watchlist exports carry the same columns (their unrated
    rows go to the watchlist). Our own CSV export reads back too (its MAL ID and List columns)."""
    rows = []
    for line, record in _csv_rows(decode(data), IMDB_REQUIRED, "IMDb"):
        row = _imdb_row(line, record)
        if row is not None:
            rows.append(row)
    return rows


def _imdb_row(line: int, record: dict[str, str]) -> ImportRow | None:
    const, mal = record["Const"], record.get("MAL ID", "")
    if const and not IMDB_ID.match(const):
        raise ImportParseError(f"Line {line}: {const!r} is not an IMDb id.", line=line)
    if not const and not mal.isdigit() and not (record["Title"] and record.get("Year")):
        raise ImportParseError(f"Line {line}: the row has no IMDb id.", line=line)
    listed = record.get("List", "ratings" if record.get("Your Rating") else "watchlist")
    if listed not in ("ratings", "watchlist"):
        return None  # favourites and named lists of our own export are not imported
    title_type = record.get("Title Type", "").lower()
    kind = IMDB_KINDS.get(title_type)
    if title_type and kind is None:
        return None  # episodes, games, podcasts: nothing we catalogue
    raw = record.get("Your Rating", "")
    if raw and (not raw.isdigit() or not 1 <= int(raw) <= 10):
        raise ImportParseError(
            f"Line {line}: rating {raw!r} is not a whole number from 1 to 10.", line=line
        )
    rating = int(raw) if raw else None
    return ImportRow(
        line=line,
        title=record["Title"],
        year=_year(record.get("Year", ""), line),
        kind=kind,
        imdb_id=const or None,
        mal_id=int(mal) if mal.isdigit() else None,
        rating=rating,
        watchlist=rating is None,
    )


def _stars(raw: str, line: int) -> int | None:
    """Letterboxd half stars 0.5-5 doubled onto 1-10; an empty cell is no rating."""
    if not raw:
        return None
    try:
        stars = Decimal(raw)
    except InvalidOperation:
        raise ImportParseError(f"Line {line}: rating {raw!r} is not a number.", line=line) from None
    doubled = stars * 2
    if doubled != doubled.to_integral_value() or not 1 <= doubled <= 10:
        raise ImportParseError(
            f"Line {line}: rating {raw!r} is not 0.5 to 5 in half stars.", line=line
        )
    return int(doubled)


def parse_letterboxd(data: bytes) -> list[ImportRow]:
    """ratings.csv (Date,Name,Year,Letterboxd URI,Rating) or watchlist.csv (no Rating column)."""
    text = decode(data)
    rows = []
    records = _csv_rows(text, LETTERBOXD_REQUIRED, "Letterboxd")
    has_rating = "Rating" in (text.splitlines()[0] if text else "")
    for line, record in records:
        if not record["Name"]:
            raise ImportParseError(f"Line {line}: the film has no name.", line=line)
        rating = _stars(record.get("Rating", ""), line) if has_rating else None
        if has_rating and rating is None:
            continue  # a ratings.csv row without a rating carries nothing to import
        rows.append(
            ImportRow(
                line=line,
                title=record["Name"],
                year=_year(record["Year"], line),
                kind="movie",
                rating=rating,
                watchlist=not has_rating,
            )
        )
    return rows


def _text(node: ElementTree.Element, tag: str) -> str:
    child = node.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _line_of(data: bytes, index: int) -> int:
    """The line on which the index-th <anime> element opens (ElementTree keeps no positions)."""
    position = -1
    for _ in range(index + 1):
        position = data.find(b"<anime>", position + 1)
    return data.count(b"\n", 0, max(position, 0)) + 1


def parse_mal(data: bytes) -> list[ImportRow]:
    """MyAnimeList anime list export: my_score 0 is unrated; 'Plan to Watch' goes to the watchlist."""
    try:
        root = SafeElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise ImportParseError(f"Line {line}: not well-formed XML ({exc}).", line=line) from None
    except DefusedXmlException:
        raise ImportParseError("The XML uses entities or DTDs, which are refused.") from None
    if root.tag != "myanimelist":
        raise ImportParseError("Line 1: this is not a MyAnimeList export.", line=1)
    rows = []
    for index, node in enumerate(root.findall("anime")):
        line = _line_of(data, index)
        raw_id = _text(node, "series_animedb_id")
        if not raw_id.isdigit() or int(raw_id) == 0:
            raise ImportParseError(
                f"Line {line}: anime without a valid series_animedb_id.", line=line
            )
        score = _text(node, "my_score") or "0"
        if not score.isdigit() or int(score) > 10:
            raise ImportParseError(f"Line {line}: my_score {score!r} is not 0-10.", line=line)
        status = _text(node, "my_status").lower()
        if status and status not in MAL_KNOWN_STATUSES:
            raise ImportParseError(f"Line {line}: unknown my_status {status!r}.", line=line)
        rating = int(score) or None
        watchlist = rating is None and status in MAL_PLAN_TO_WATCH
        if rating is None and not watchlist:
            continue  # watched but unrated: nothing to carry over
        start = _text(node, "series_start")[:4]
        rows.append(
            ImportRow(
                line=line,
                title=_text(node, "series_title"),
                year=int(start) if start.isdigit() and start != "0000" else None,
                kind="anime",
                mal_id=int(raw_id),
                rating=rating,
                watchlist=watchlist,
            )
        )
    return rows


PARSERS = {"imdb": parse_imdb, "letterboxd": parse_letterboxd, "mal": parse_mal}
