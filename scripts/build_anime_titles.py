"""Build apps/catalog/demo/anime_titles.csv.gz: English and Japanese titles and first-aired year
of the demo's MyAnimeList anime, the evidence that links a TVmaze series to its MAL record.

Sources (both public GitHub repositories under the MIT licence; the facts are MyAnimeList's):
- `dvong1/AnimeRec-Chatbot` @ 7db72ec3dc8794012113574dc74f65ab0586d8d6, `anime-dataset-2023.csv`:
  the first rows (MAL ids 1-1999; the copy ends there, mid-row) of the Kaggle "Anime Dataset 2023"
  (Sajid Uddin). Used: anime_id, English name, Other name (Japanese), Aired (-> first year).
- `CaioXTSY/AnimeRanker` @ 0b541350b4c206de38e60c659f50007abd599c27, `AnimeList.csv`: 14,478
  anime of the Kaggle "MyAnimeList Dataset" (azathoth42, 2018). Used: anime_id, title_english.
Only ids of apps/catalog/demo/anime.csv.gz are kept; "UNKNOWN" and empty values are dropped.

    python scripts/build_anime_titles.py /path/to/anime-dataset-2023.csv /path/to/AnimeList.csv
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pandas as pd

DEMO = Path(__file__).resolve().parents[1] / "apps/catalog/demo"
MISSING = {"", "UNKNOWN"}


def _complete_rows(path: str) -> pd.DataFrame:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        head = next(reader)
        rows = [row for row in reader if len(row) == len(head)]  # the copy ends mid-row
    return pd.DataFrame(rows, columns=head)


def _year(aired: str) -> str:
    found = re.search(r"\b(19|20)\d\d\b", aired)
    return found.group(0) if found else ""


def main() -> None:
    recent = _complete_rows(sys.argv[1])
    older = pd.read_csv(sys.argv[2], dtype=str, keep_default_na=False)
    demo = set(pd.read_csv(DEMO / "anime.csv.gz", dtype=str)["anime_id"])
    rows: dict[str, dict[str, str]] = {}
    for r in recent.itertuples(index=False):
        if r.anime_id in demo:
            rows[r.anime_id] = {
                "title_english": "" if r[2] in MISSING else r[2],
                "title_japanese": "" if r[3] in MISSING else r[3],
                "year": _year(r.Aired),
                "source": "anime-dataset-2023",
            }
    for mal_id, english in zip(older["anime_id"], older["title_english"], strict=True):
        if mal_id not in demo or english in MISSING:
            continue
        row = rows.setdefault(
            mal_id, {"title_english": "", "title_japanese": "", "year": "", "source": ""}
        )
        if not row["title_english"]:
            row["title_english"] = english
        row["source"] = "+".join(s for s in (row["source"], "myanimelist-2018") if s)
    out = pd.DataFrame([{"mal_id": int(k), **v} for k, v in rows.items()])
    out = out[(out["title_english"] != "") | (out["title_japanese"] != "") | (out["year"] != "")]
    out.sort_values("mal_id").to_csv(DEMO / "anime_titles.csv.gz", index=False, compression="gzip")
    print(len(out), DEMO / "anime_titles.csv.gz")  # noqa: T201 (maintainer tool)


if __name__ == "__main__":
    main()
