"""MyAnimeList anime list XML (the current export and the older malappinfo layout), in one pass.

defusedxml's parser (no entity expansion, no DTD tricks) drives a small target instead of building
a tree: each `<anime>` keeps the five fields we read and the line expat reports for its start
tag, so the cost follows the file's size whatever its shape (nesting, whitespace inside tags,
element count).
"""

from __future__ import annotations

from typing import Any
from xml.parsers.expat import ErrorString, ExpatError

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from apps.core.numbers import parse_int
from apps.portability.parsers import common
from apps.portability.parsers.common import ImportParseError, ImportRow

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
# expat's cost grows faster than the file with the number of distinct element and attribute names
# (its name tables) and with the attributes of one tag: a MyAnimeList export uses about 60 names
# and no attributes, so past these bounds the file is refused before the cost runs away.
MAX_NAMES = 256
MAX_EQUALS_SIGNS = 50_000
FIELDS = frozenset({"series_animedb_id", "series_title", "series_start", "my_score", "my_status"})


class _AnimeEntries:
    """expat handlers collecting (line, fields) for every <anime> under the root element."""

    def __init__(self, expat: Any, max_rows: int) -> None:
        self.expat = expat
        self.max_rows = max_rows
        self.entries: list[tuple[int, dict[str, str]]] = []
        self.depth = 0
        self._line = 0
        self._fields: dict[str, str] | None = None
        self._field: str | None = None
        self._text: list[str] = []
        self._names: set[str] = set()
        expat.StartElementHandler = self.start
        expat.EndElementHandler = self.end
        expat.CharacterDataHandler = self.data

    def _new_name(self, name: str) -> None:
        self._names.add(name)
        if len(self._names) > MAX_NAMES:
            line = self.expat.CurrentLineNumber
            raise ImportParseError(
                f"Line {line}: more than {MAX_NAMES} different element and attribute names; "
                "this is not a MyAnimeList export.",
                line=line,
            )

    def start(self, tag: str, attrib: list[str]) -> None:
        if tag not in self._names:
            self._new_name(tag)
        if attrib:  # ordered attributes: name, value, name, value...
            for name in attrib[::2]:
                if name not in self._names:
                    self._new_name(name)
        depth = self.depth = self.depth + 1
        if depth == 3:
            if self._fields is not None and tag in FIELDS:
                self._field, self._text = tag, []
        elif depth == 2:
            if tag == "anime":
                if len(self.entries) >= self.max_rows:
                    raise common.TooManyRows(self.max_rows, line=self.expat.CurrentLineNumber)
                self._line, self._fields = self.expat.CurrentLineNumber, {}
        elif depth == 1 and tag != "myanimelist":
            line = self.expat.CurrentLineNumber
            raise ImportParseError(f"Line {line}: this is not a MyAnimeList export.", line=line)

    def data(self, text: str) -> None:
        if self._field is not None and self.depth == 3:
            self._text.append(text)

    def end(self, _tag: str) -> None:
        depth = self.depth
        self.depth = depth - 1
        if depth == 3:
            if self._field is not None and self._fields is not None:
                self._fields.setdefault(self._field, common.clean("".join(self._text)))
                self._field = None
        elif depth == 2 and self._fields is not None:
            self.entries.append((self._line, self._fields))
            self._fields = None


def _entries(data: bytes, max_rows: int) -> list[tuple[int, dict[str, str]]]:
    """defusedxml's parser refuses entities and external references through its expat handlers;
    ours replace ElementTree's tree building (no tree, no per-element Python objects)."""
    if data.count(b"=") > MAX_EQUALS_SIGNS:
        raise ImportParseError(
            f"The file has more than {MAX_EQUALS_SIGNS} '=' signs (attributes); "
            "a MyAnimeList export has a handful."
        )
    expat = SafeElementTree.DefusedXMLParser().parser
    handlers = _AnimeEntries(expat, max_rows)
    try:
        expat.Parse(data, True)
    except ExpatError as exc:
        line = exc.lineno
        message = ErrorString(exc.code) if exc.code else str(exc)
        raise ImportParseError(
            f"Line {line}: not well-formed XML ({message}, column {exc.offset + 1}).", line=line
        ) from None
    except DefusedXmlException:
        raise ImportParseError("The XML uses entities or DTDs, which are refused.") from None
    except (LookupError, ValueError) as exc:  # an encoding expat cannot read: "bogus-enc", UTF-16
        raise ImportParseError(
            f"Line 1: the XML declares an encoding that cannot be read ({exc}).", line=1
        ) from None
    return handlers.entries


def parse_mal(data: bytes, *, max_rows: int = common.MAX_ROWS) -> list[ImportRow]:
    """MyAnimeList anime list export: my_score 0 is unrated; 'Plan to Watch' goes to the watchlist."""
    rows = []
    for line, fields in _entries(data, max_rows):
        raw_id = fields.get("series_animedb_id", "")
        mal_id = parse_int(raw_id, minimum=1, maximum=common.MAX_ID)
        if mal_id is None:
            raise ImportParseError(
                f"Line {line}: anime without a valid series_animedb_id.", line=line
            )
        score = fields.get("my_score") or "0"
        rating = parse_int(score, minimum=0, maximum=10)
        if rating is None:
            raise ImportParseError(
                f"Line {line}: my_score {common.shown(score)} is not 0-10.", line=line
            )
        status = fields.get("my_status", "").lower()
        if status and status not in MAL_KNOWN_STATUSES:
            raise ImportParseError(
                f"Line {line}: unknown my_status {common.shown(status)}.", line=line
            )
        watchlist = rating == 0 and status in MAL_PLAN_TO_WATCH
        if rating == 0 and not watchlist:
            continue  # watched but unrated: nothing to carry over
        rows.append(
            ImportRow(
                line=line,
                title=common.title(fields.get("series_title", "")),
                year=parse_int(fields.get("series_start", "")[:4], minimum=1),
                kind="anime",
                mal_id=mal_id,
                rating=rating or None,
                watchlist=watchlist,
            )
        )
    return rows
