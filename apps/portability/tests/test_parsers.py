from pathlib import Path

import pytest

from apps.portability.parsers import ImportParseError, parse_imdb, parse_letterboxd, parse_mal

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_imdb_list_export_keeps_titles_and_tv_and_skips_episodes_and_games():
    rows = parse_imdb(read("imdb_list_export.csv"))
    by_id = {r.imdb_id: r for r in rows}
    assert by_id["tt0468569"].rating == 8
    assert by_id["tt0468569"].kind == "movie"
    assert by_id["tt0111161"].rating == 9
    assert by_id["tt0111161"].year == 1994
    assert by_id["tt0944947"].kind == "tv"
    assert by_id["tt0944947"].watchlist
    assert "tt6027920" not in by_id  # TV Episode
    assert "tt2140553" not in by_id  # Video Game


def test_imdb_windows_1252_with_crlf_line_endings():
    raw = read("imdb_ratings_cp1252_crlf.csv")
    assert b"\r\n" in raw
    assert "Amélie".encode("cp1252") in raw
    rows = parse_imdb(raw)
    assert [r.title for r in rows] == [
        "The Dark Knight",
        "The Shawshank Redemption",
        "Amélie",
        "Chernobyl",
    ]
    assert rows[2].rating == 10
    assert rows[2].imdb_id == "tt0211915"
    assert rows[3].kind == "tv"


def test_letterboxd_half_stars_are_doubled_onto_1_to_10():
    rows = parse_letterboxd(read("letterboxd_ratings.csv"))
    ratings = {r.title: r.rating for r in rows}
    assert ratings["The Godfather"] == 10
    assert ratings["The End of Oak Street"] == 7  # 3.5 stars
    assert ratings["Filipiñana"] == 4
    assert all(r.kind == "movie" and not r.watchlist for r in rows)


def test_letterboxd_watchlist_rows_go_to_the_watchlist():
    rows = parse_letterboxd(read("letterboxd_watchlist.csv"))
    assert next((r.title, r.year, r.watchlist, r.rating) for r in rows) == (
        "Fargo",
        1996,
        True,
        None,
    )
    assert len(rows) == 3


def test_mal_older_layout_numeric_statuses_and_zero_score_is_unrated():
    rows = parse_mal(read("mal_old_layout.xml"))
    by_id = {r.mal_id: r for r in rows}
    assert by_id[48].rating == 10
    assert by_id[48].year == 2002
    assert by_id[48].kind == "anime"
    assert 1575 not in by_id  # completed with my_score 0: no rating to carry
    assert by_id[10260].watchlist
    assert by_id[10260].rating is None


def test_mal_current_layout_with_cdata_titles():
    rows = parse_mal(read("mal_current_layout.xml"))
    assert [(r.mal_id, r.title, r.rating, r.watchlist) for r in rows] == [
        (5114, "Fullmetal Alchemist: Brotherhood", 10, False),
        (52991, "Sousou no Frieren", None, True),
    ]
    assert rows[0].line == 37  # the line the <anime> element opens on


@pytest.mark.parametrize(
    ("parser", "data", "line"),
    [
        (parse_imdb, b"Const,Your Rating,Title\ntt0111161,9,A\nnot-an-id,8,B\n", 3),
        (parse_imdb, b"Const,Your Rating,Title\ntt0111161,11,A\n", 2),
        (parse_imdb, b"Name,Rating\nx,1\n", 1),
        (parse_letterboxd, b"Date,Name,Year,Letterboxd URI,Rating\n2020-01-01,A,1999,u,4.25\n", 2),
        (parse_letterboxd, b"Date,Name,Year,Letterboxd URI,Rating\n2020-01-01,A,19x9,u,4\n", 2),
        (parse_letterboxd, b'Date,Name,Year,Letterboxd URI\n2020-01-01,"A,1999,u\n', 2),
        (parse_mal, b"<myanimelist>\n<anime><series_animedb_id>1</series_animedb_id>\n", 3),
        (
            parse_mal,
            b"<myanimelist>\n<anime><series_animedb_id>x</series_animedb_id></anime>\n</myanimelist>",
            2,
        ),
        (
            parse_mal,
            b"<myanimelist><anime><series_animedb_id>1</series_animedb_id><my_score>12</my_score></anime></myanimelist>",
            1,
        ),
    ],
)
def test_malformed_files_name_the_line(parser, data, line):
    with pytest.raises(ImportParseError) as exc:
        parser(data)
    assert exc.value.line == line
    assert f"Line {line}" in exc.value.message


def test_xml_entity_expansion_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><myanimelist>&b;</myanimelist>'
    with pytest.raises(ImportParseError):
        parse_mal(bomb)
