from pathlib import Path

import pytest

from apps.portability.parsers import (
    ImportParseError,
    TooManyRows,
    parse_imdb,
    parse_letterboxd,
    parse_mal,
)

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


IMDB_HEAD = b"Const,Your Rating,Title,Year,MAL ID\n"
LETTERBOXD_HEAD = b"Date,Name,Year,Letterboxd URI,Rating\n"


def mal(*entries: bytes) -> bytes:
    return b"<myanimelist>\n" + b"\n".join(entries) + b"\n</myanimelist>\n"


@pytest.mark.parametrize(
    ("parser", "data", "line", "words"),
    [
        # Unicode digits pass str.isdigit() and then fail int(): each was a 500.
        (parse_imdb, IMDB_HEAD + "tt0111161,\u00b2,A,,\n".encode(), 2, "rating"),
        (parse_imdb, IMDB_HEAD + "tt0111161,9,A,\u00b2\u00b2\u00b2\u00b2,\n".encode(), 2, "year"),
        (parse_imdb, IMDB_HEAD + "tt0111161,9,A,,\u00b2\n".encode(), 2, "MAL ID"),
        (
            parse_imdb,
            IMDB_HEAD + "tt\u0661\u0662\u0663\u0664\u0665\u0666\u0667,9,A,,\n".encode(),
            2,
            "IMDb id",
        ),
        (parse_imdb, IMDB_HEAD + b"tt0111161,9,A,,99999999999\n", 2, "MAL ID"),
        (parse_letterboxd, LETTERBOXD_HEAD + b"2020-01-01,A,1999,u,1e999999999\n", 2, "number"),
        (parse_letterboxd, LETTERBOXD_HEAD + "2020-01-01,A,1999,u,\u0663\n".encode(), 2, "number"),
        (
            parse_mal,
            mal("<anime><series_animedb_id>\u00b2</series_animedb_id></anime>".encode()),
            2,
            "series_animedb_id",
        ),
        (
            parse_mal,
            mal(
                b"<anime><series_animedb_id>1</series_animedb_id><my_score>\xc2\xb2</my_score></anime>"
            ),
            2,
            "my_score",
        ),
        (parse_mal, b'<?xml version="1.0" encoding="bogus-enc"?><myanimelist/>', 1, "encoding"),
        (parse_mal, b'<?xml version="1.0" encoding="shift_jis"?><myanimelist/>', 1, "encoding"),
        (parse_mal, b"<myanimelist>\n<anime>\x00</anime></myanimelist>", 2, "not well-formed"),
        (parse_mal, b"<?xml version='1.0'?>\n<animelist></animelist>", 2, "not a MyAnimeList"),
    ],
)
def test_bad_numbers_and_encodings_are_parse_errors_naming_the_line(parser, data, line, words):
    with pytest.raises(ImportParseError) as exc:
        parser(data)
    assert exc.value.line == line
    assert words in exc.value.message


def test_nul_and_control_characters_are_stripped_from_text():
    imdb = parse_imdb(IMDB_HEAD + b"tt0111161,9,The\x00 Shaw\x1bshank\tRedemption,1994,\n")
    letterboxd = parse_letterboxd(LETTERBOXD_HEAD + b"2020-01-01,Fa\x00rgo\x7f,1996,u,4\n")
    anime = parse_mal(
        mal(
            b"<anime><series_animedb_id>5114</series_animedb_id><my_score>9</my_score>"
            b"<series_title><![CDATA[Full\xc2\x85metal\nAlchemist]]></series_title></anime>"
        )
    )
    assert [row.title for row in imdb + letterboxd + anime] == [
        "The Shawshank Redemption",
        "Fargo",
        "Fullmetal Alchemist",
    ]


def test_mal_line_numbers_hold_for_start_tags_written_with_spaces():
    """`<anime >` never matched the old search for b"<anime>", which scanned the whole file for
    every element (cubic in the element count) and then reported the wrong line."""
    entry = b"<anime >\n  <series_animedb_id>%d</series_animedb_id>\n  <my_score>8</my_score>\n</anime >"
    data = mal(entry % 1, entry % 2, b"<anime\n><series_animedb_id>3</series_animedb_id></anime>")
    rows = parse_mal(data + b"")
    assert [(row.mal_id, row.line) for row in rows] == [(1, 2), (2, 6)]
    broken = mal(
        entry % 1, entry % 2, b"<anime >\n<series_animedb_id>0</series_animedb_id></anime>"
    )
    with pytest.raises(ImportParseError) as exc:
        parse_mal(broken)
    assert exc.value.line == 10


@pytest.mark.parametrize(
    ("parser", "data", "line"),
    [
        (parse_imdb, IMDB_HEAD + b"tt0111161,9,A,,\n" * 5 + b"tt0111161,9,A,,\n", 7),
        (parse_imdb, IMDB_HEAD + b"\n" * 10, 7),  # blank lines count: the loop stays bounded
        (parse_letterboxd, LETTERBOXD_HEAD + b"2020-01-01,A,1999,u,\n" * 9, 7),  # unrated rows too
        (parse_mal, mal(*[b"<anime><series_animedb_id>1</series_animedb_id></anime>"] * 9), 7),
    ],
)
def test_parsing_stops_at_the_entry_limit(parser, data, line):
    with pytest.raises(TooManyRows) as exc:
        parser(data, max_rows=5)
    assert exc.value.line == line
    assert "more than 5 entries" in exc.value.message


def test_a_header_wider_than_any_export_is_refused():
    with pytest.raises(ImportParseError) as exc:
        parse_imdb(b"Const,Title," + b",".join(b"c%d" % i for i in range(100)) + b"\n")
    assert exc.value.line == 1
    assert "columns" in exc.value.message


def test_mal_files_with_names_or_attributes_no_export_has_are_refused_early():
    """expat's cost outgrows the file with distinct names and one tag's attributes."""
    names = b"<myanimelist>\n" + b"".join(b"<a%d/>" % i for i in range(300)) + b"</myanimelist>"
    with pytest.raises(ImportParseError) as exc:
        parse_mal(names)
    assert exc.value.line == 2
    assert "256 different" in exc.value.message
    attributes = b"<myanimelist><anime" + b" a=''" * 50_001 + b"/></myanimelist>"
    with pytest.raises(ImportParseError) as exc:
        parse_mal(attributes)
    assert "'=' signs" in exc.value.message
