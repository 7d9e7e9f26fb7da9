"""What every import parser shares: the row type, the error naming a line, decoding, and the
cleaning of text and numbers read from someone else's file. Plain Python, no Django models."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from apps.core.numbers import parse_int

MAX_ROWS = 20_000  # entries of one file (IMPORT_MAX_ROWS): the work of a parse stops there
MAX_TITLE_CHARS = 300  # Content.title's length: a longer "title" is not one we could match
MAX_ID = 2**31 - 1  # Content.mal_id is a PostgreSQL integer
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\t\n\r]+")


class ImportParseError(Exception):
    """A malformed file: the message names the line (1-based, as an editor shows it)."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class TooManyRows(ImportParseError):
    """The file holds more entries than one import takes; parsing stopped at the first one over."""

    def __init__(self, limit: int, *, line: int | None) -> None:
        super().__init__(
            f"The file has more than {limit} entries, the most one import takes.", line=line
        )
        self.limit = limit


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


def clean(value: str) -> str:
    """A text field as we store it: control characters (NUL included: PostgreSQL's JSON refuses
    it) removed, tabs and line breaks made one space, surrounding space trimmed."""
    if value.isascii() and value.isprintable():  # the common case, decided in C
        return value.strip()
    return _CONTROL.sub("", _LINE_BREAKS.sub(" ", value)).strip()


def shown(value: str) -> str:
    """A value quoted in an error message, cut short: the message is stored (300 characters)."""
    return repr(value if len(value) <= 40 else value[:40] + "...")


def year(value: str, line: int) -> int | None:
    if not value:
        return None
    parsed = parse_int(value, minimum=1870, maximum=2100)
    if parsed is None:
        raise ImportParseError(f"Line {line}: year {shown(value)} is not a year.", line=line)
    return parsed


def title(value: str) -> str:
    return value[:MAX_TITLE_CHARS]
