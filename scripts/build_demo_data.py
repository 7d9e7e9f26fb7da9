"""Maintainer tool: rebuilds apps/catalog/demo/*.csv.gz from the shared datasets folder.

    python scripts/build_demo_data.py ../shared/datasets

Keeps what the licences allow us to ship (see apps/catalog/demo/README.md): facts only for the
IMDb-derived Indian films (no plot text, no poster links), MyAnimeList anime without adult titles
and their CC0 ratings, and TVmaze series (CC BY-SA) without cast lists.
"""

import sys
from pathlib import Path

import pandas as pd

INDIAN = ["hi", "te", "ta", "kn", "ml", "bn", "mr", "pa", "gu"]


def main(shared: Path, out: Path) -> None:
    films = pd.read_csv(shared / "indian-films/films.csv", dtype=str, keep_default_na=False)
    votes = pd.to_numeric(films["imdb_votes"], errors="coerce").fillna(0)
    keep = (
        (films["title_type"] == "movie")
        & (films["n_language_tags"] == "1")
        & films["original_language"].isin(INDIAN)
        & (votes >= 20)
    )
    columns = [
        "imdb_id",
        "title",
        "original_language",
        "year",
        "runtime_min",
        "genres",
        "imdb_rating",
        "imdb_votes",
    ]
    films[keep][columns].to_csv(out / "indian_films.csv.gz", index=False, compression="gzip")

    anime = pd.read_csv(shared / "anime/anime.csv", dtype=str, keep_default_na=False)
    anime = anime[~anime["genres"].str.contains("Hentai")]
    anime.to_csv(out / "anime.csv.gz", index=False, compression="gzip")
    ratings = pd.read_csv(shared / "anime/ratings.csv.gz")
    ratings = ratings[ratings["anime_id"].astype(str).isin(set(anime["anime_id"]))]
    ratings.to_csv(out / "anime_ratings.csv.gz", index=False, compression="gzip")

    series = pd.read_csv(shared / "tv/series.csv", dtype=str, keep_default_na=False)
    series = series.drop(columns=["cast", "characters", "official_site"], errors="ignore")
    series.to_csv(out / "tv_series.csv.gz", index=False, compression="gzip")
    for name in ("indian_films", "anime", "anime_ratings", "tv_series"):
        print(name, (out / f"{name}.csv.gz").stat().st_size)  # noqa: T201 (maintainer tool)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).resolve().parent.parent / "apps/catalog/demo")
