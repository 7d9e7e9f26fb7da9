"""Build apps/catalog/demo/anime_aliases.csv.gz from recorded Jikan responses.

Source: the Jikan (MyAnimeList) responses recorded by jikanpy's test suite (MIT), copied to
/work/shared/payloads/jikan (provenance in its SOURCES.md). Only facts are kept: MAL id, title,
English and Japanese titles, synonyms, first-aired year and type. The demo loader uses them as
the "alias from a recorded source" that links a TVmaze series to its MyAnimeList record.

    python scripts/build_anime_aliases.py [/path/to/payloads/jikan]
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "apps/catalog/demo/anime_aliases.csv.gz"


def _items(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text()).get("data")
    items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    return [i for i in items if isinstance(i, dict) and "mal_id" in i and "title" in i]


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/payloads/jikan")
    rows: dict[int, dict[str, Any]] = {}
    for path in sorted(source.glob("*.json")):
        for item in _items(path):
            aired = (item.get("aired") or {}).get("prop", {}).get("from", {})
            rows[int(item["mal_id"])] = {
                "mal_id": int(item["mal_id"]),
                "title": item.get("title") or "",
                "title_english": item.get("title_english") or "",
                "title_japanese": item.get("title_japanese") or "",
                "synonyms": "|".join(item.get("title_synonyms") or []),
                "year": aired.get("year") or item.get("year") or "",
                "type": item.get("type") or "",
            }
    with gzip.open(OUT, "wt", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(next(iter(rows.values()))))
        writer.writeheader()
        writer.writerows(rows[k] for k in sorted(rows))
    print(len(rows), OUT)  # noqa: T201 (maintainer tool)


if __name__ == "__main__":
    main()
