"""Build apps/catalog/demo/film_languages.csv.gz: the primary language IMDb gives a film.

Source: "IMDB 5000 Movie Dataset" (Kaggle, scraped from IMDb in 2016: one row per film with its
first-listed language and country and its IMDb link). The copy used is GitHub
`LucasIssler/movie_metadata.csv` @ 107a52b73fc33df9d53990e6e498d0cd22a6ebcd, `movie_metadata.csv`
(semicolon-separated, an index column added). Only facts are kept, and only for the IMDb ids of
apps/catalog/demo/indian_films.csv.gz: imdb_id, language (ISO 639-1), countries (ISO 3166-1).
The demo loader reads it as independent evidence of a film's original language
(apps/catalog/demo_languages.py).

    python scripts/build_film_languages.py /path/to/movie_metadata.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

DEMO = Path(__file__).resolve().parents[1] / "apps/catalog/demo"
LANGUAGES = {
    "English": "en",
    "Hindi": "hi",
    "Persian": "fa",
    "Tamil": "ta",
    "Telugu": "te",
    "Kannada": "kn",
    "Malayalam": "ml",
    "Panjabi": "pa",
    "Bengali": "bn",
    "Marathi": "mr",
    "Gujarati": "gu",
    "Urdu": "ur",
    "French": "fr",
    "Spanish": "es",
    "German": "de",
}
COUNTRIES = {
    "USA": "US",
    "UK": "GB",
    "India": "IN",
    "Iran": "IR",
    "Canada": "CA",
    "Belgium": "BE",
    "France": "FR",
    "Germany": "DE",
    "Australia": "AU",
}


def main() -> None:
    source = pd.read_csv(sys.argv[1], sep=";", dtype=str, keep_default_na=False)
    source["imdb_id"] = source["movie_imdb_link"].str.extract(r"(tt\d+)", expand=False)
    films = pd.read_csv(DEMO / "indian_films.csv.gz", dtype=str, keep_default_na=False)
    rows = source[source["imdb_id"].isin(set(films["imdb_id"]))].drop_duplicates("imdb_id")
    unknown = set(rows["language"]) - set(LANGUAGES) | set(rows["country"]) - set(COUNTRIES)
    if unknown - {""}:
        raise SystemExit(f"add codes for {sorted(unknown - {''})}")
    out = pd.DataFrame(
        {
            "imdb_id": rows["imdb_id"],
            "language": rows["language"].map(LANGUAGES).fillna(""),
            "countries": rows["country"].map(COUNTRIES).fillna(""),
        }
    ).sort_values("imdb_id")
    out.to_csv(DEMO / "film_languages.csv.gz", index=False, compression="gzip")
    print(len(out), DEMO / "film_languages.csv.gz")  # noqa: T201 (maintainer tool)


if __name__ == "__main__":
    main()
