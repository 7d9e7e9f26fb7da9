"""The upload request's look at a file: the first few KB tell obvious garbage (an image, an
archive, another service's CSV, a CSV sent as XML) from an export worth queueing."""

from __future__ import annotations

from apps.portability.parsers.common import decode
from apps.portability.parsers.csv_exports import (
    IMDB_REQUIRED,
    LETTERBOXD_REQUIRED,
    header_problem,
)

HEAD_BYTES = 8192
# Archives, documents and images people pick by mistake (the exports come zipped from some sites).
_MAGIC = (
    b"PK\x03\x04",
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"Rar!",
    b"7z\xbc\xaf",
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c")
_CSV = {"imdb": (IMDB_REQUIRED, "IMDb"), "letterboxd": (LETTERBOXD_REQUIRED, "Letterboxd")}


def _looks_binary(head: bytes) -> bool:
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return head.startswith(_MAGIC) or controls * 20 > len(head)  # over 5% control bytes


def sniff(fmt: str, head: bytes) -> str | None:
    """Why a file starting with `head` cannot be a `fmt` export (None when it may be one)."""
    if _looks_binary(head):
        return "This is not a text file; upload the export itself (unzipped)."
    if fmt == "mal":
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return "Line 1: this is not a MyAnimeList XML export."
        return None
    required, name = _CSV[fmt]
    return header_problem(decode(head.split(b"\n", 1)[0]), required, name)
