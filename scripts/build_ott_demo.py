"""Build apps/ott/demo/ott_catalogues.csv.gz from the real 2021-era OTT catalogues in
../shared/datasets/tv/ (see that folder's README and apps/ott/demo/README.md).

Keeps only what the join needs: data set, platform, country, kind, title, year. Run:
    .venv/bin/python scripts/build_ott_demo.py [/path/to/shared/datasets/tv]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "apps" / "ott" / "demo" / "ott_catalogues.csv.gz"
KIND = {"Movie": "movie", "TV Show": "tv", "movie": "movie", "tv": "tv"}
# (file, platform slug, country the catalogue is for)
SINGLE = [
    ("ott-hotstar.csv", "jiohotstar", "IN"),
    ("ott-netflix.csv", "netflix", "US"),
    ("ott-prime.csv", "prime-video", "US"),
    ("ott-disneyplus.csv", "disney-plus", "US"),
    ("ott-hulu.csv", "hulu", "US"),
]
MULTI_FLAGS = {
    "Netflix": "netflix",
    "Hulu": "hulu",
    "Prime Video": "prime-video",
    "Disney+": "disney-plus",
}


def single(folder: Path, name: str, platform: str, country: str) -> pd.DataFrame:
    frame = pd.read_csv(folder / name)
    year = frame["year"] if "year" in frame else frame["release_year"]
    return pd.DataFrame(
        {
            "dataset": name.removesuffix(".csv"),
            "platform": platform,
            "country": country,
            "kind": frame["type"].map(KIND),
            "title": frame["title"].astype(str).str.strip(),
            "year": pd.to_numeric(year, errors="coerce").astype("Int64"),
        }
    )


def multi(folder: Path) -> pd.DataFrame:
    frame = pd.read_csv(folder / "ott-multi-platform-tvshows.csv")
    parts = [
        pd.DataFrame(
            {
                "dataset": "ott-multi-platform-tvshows",
                "platform": slug,
                "country": "US",
                "kind": "tv",
                "title": frame.loc[frame[flag] == 1, "Title"].astype(str).str.strip(),
                "year": pd.to_numeric(frame.loc[frame[flag] == 1, "Year"], errors="coerce").astype(
                    "Int64"
                ),
            }
        )
        for flag, slug in MULTI_FLAGS.items()
    ]
    return pd.concat(parts, ignore_index=True)


def main(folder: Path) -> None:
    frames = [single(folder, *spec) for spec in SINGLE]
    frames.append(multi(folder))
    rows = pd.concat(frames, ignore_index=True).dropna(subset=["kind", "title", "year"])
    # a show listed by its own platform's file and by the multi-platform file is one offer
    rows["key"] = rows["title"].str.lower()
    rows = rows.drop_duplicates(subset=["platform", "kind", "key", "year"]).drop(columns="key")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    rows.to_csv(OUT, index=False, compression={"method": "gzip", "mtime": 0})
    print(rows.groupby("dataset").size().to_string(), f"\n{len(rows)} rows -> {OUT}")  # noqa: T201


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "datasets" / "tv")
