"""Parsers for other services' exports: IMDb ratings CSV, Letterboxd ratings/watchlist CSV and
MyAnimeList anime XML (current and the older malappinfo layout). Plain Python, no Django models.

Every parser reads the whole file in one pass before anything is written (time in proportion to
the file's size, whatever its shape) and raises `ImportParseError` naming the line for a
malformed file (docs/social.md, "Import"). `sniff` is the cheap look at a file's first bytes the
upload request makes; the parsing itself runs in the import task.
"""

from apps.portability.parsers.common import ImportParseError, ImportRow, TooManyRows, decode
from apps.portability.parsers.csv_exports import parse_imdb, parse_letterboxd
from apps.portability.parsers.mal import parse_mal
from apps.portability.parsers.sniff import sniff

PARSERS = {"imdb": parse_imdb, "letterboxd": parse_letterboxd, "mal": parse_mal}

__all__ = [
    "PARSERS",
    "ImportParseError",
    "ImportRow",
    "TooManyRows",
    "decode",
    "parse_imdb",
    "parse_letterboxd",
    "parse_mal",
    "sniff",
]
