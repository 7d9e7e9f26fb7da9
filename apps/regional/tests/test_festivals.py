"""Festivals: dates from the holidays package, the region's own festival first, themed collections."""

import pytest
from django.contrib.auth import get_user_model

from apps.catalog.models import Genre
from apps.catalog.tests.factories import ContentFactory
from apps.regional.models import Festival, FestivalPin

URL = "/api/regional/festivals"


@pytest.fixture
def films(db):
    family = Genre.objects.get(slug="family")
    made = {}
    for lang, popularity in (("te", 50), ("kn", 40), ("ta", 60), ("hi", 70), ("ml", 30)):
        made[lang] = ContentFactory(
            title=f"{lang} family", original_language=lang, popularity=popularity
        )
        made[lang].genres.add(family)
    made["te_action"] = ContentFactory(title="te action", original_language="te", popularity=99)
    return made


def test_on_10_january_2026_telangana_gets_sankranti_next_with_telugu_films(api_client, films):
    body = api_client.get(URL, {"date": "2026-01-10", "region": "Telangana"}).json()
    first = body["festivals"][0]
    assert first["slug"] == "sankranti"
    assert first["starts"] == "2026-01-14"
    assert first["days_until"] == 4
    assert first["is_current"] is False
    assert first["for_region"]
    assert {row["original_language"] for row in first["collection"]} <= {"te", "kn"}
    assert "te family" in [row["title"] for row in first["collection"]]
    assert "te action" not in [row["title"] for row in first["collection"]]  # not a family film


def test_on_10_january_2026_tamil_nadu_gets_pongal_next_with_tamil_films(api_client, films):
    body = api_client.get(URL, {"date": "2026-01-10", "region": "TN"}).json()
    first = body["festivals"][0]
    assert first["slug"] == "pongal"
    assert first["starts"] == "2026-01-14"
    assert [row["title"] for row in first["collection"]] == ["ta family"]


def test_the_visitors_own_region_comes_from_the_address(api_client, films, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    body = api_client.get(
        URL, {"date": "2026-01-10"}, HTTP_X_FORWARDED_FOR="1.6.0.1", REMOTE_ADDR="10.0.0.2"
    ).json()
    assert body["region"] == "Tamil Nadu"
    assert body["festivals"][0]["slug"] == "pongal"


def test_the_telangana_code_of_the_holidays_package_and_the_old_iso_code_both_work(
    api_client, films
):
    for region in ("TS", "IN-TS", "IN-TG", "telangana"):
        body = api_client.get(URL, {"date": "2026-01-10", "region": region}).json()
        assert body["festivals"][0]["slug"] == "sankranti", region


def test_a_festival_in_progress_is_current(api_client, films):
    body = api_client.get(URL, {"date": "2026-01-15", "region": "AP"}).json()
    first = body["festivals"][0]
    assert first["slug"] == "sankranti"
    assert first["is_current"]
    assert first["days_until"] == 0


def test_detail_gives_the_collection_in_the_visitors_languages(api_client, films):
    response = api_client.get(f"{URL}/sankranti", {"date": "2026-01-10", "region": "Karnataka"})
    assert response.status_code == 200
    body = response.json()
    assert body["starts"] == "2026-01-14"
    assert [row["title"] for row in body["collection"]] == ["te family", "kn family"]


def test_detail_looks_a_year_ahead(api_client, films):
    body = api_client.get(f"{URL}/onam", {"date": "2026-01-10", "region": "Kerala"}).json()
    assert body["starts"].startswith("2026-08")
    assert [row["title"] for row in body["collection"]] == ["ml family"]


def test_pinned_titles_come_first(api_client, films):
    festival = Festival.objects.get(slug="pongal")
    FestivalPin.objects.create(festival=festival, content=films["te_action"], position=0)
    body = api_client.get(f"{URL}/pongal", {"date": "2026-01-10", "region": "TN"}).json()
    assert [row["title"] for row in body["collection"]] == ["te action", "ta family"]


def test_curators_pin_titles_in_the_admin(client, films):
    admin = get_user_model().objects.create_superuser(
        email="cur@example.com", password="x-Pass-42!"
    )
    client.force_login(admin)
    festival = Festival.objects.get(slug="diwali")
    page = client.get(f"/admin/regional/festival/{festival.pk}/change/")
    assert page.status_code == 200
    data = {
        "slug": "diwali",
        "name": "Diwali",
        "holiday_names": '["Diwali"]',
        "regions": "[]",
        "languages": '["hi"]',
        "genres": '["family", "comedy"]',
        "collection_title": "Diwali: Hindi family films and comedies",
        "description": "",
        "duration_days": 5,
        "is_active": "on",
        "pins-TOTAL_FORMS": 1,
        "pins-INITIAL_FORMS": 0,
        "pins-0-content": films["hi"].pk,
        "pins-0-position": 0,
    }
    response = client.post(f"/admin/regional/festival/{festival.pk}/change/", data)
    assert response.status_code == 302
    assert list(festival.pins.values_list("content_id", flat=True)) == [films["hi"].pk]


@pytest.mark.parametrize(
    ("path", "query", "status", "code"),
    [
        ("", {"date": "10/01/2026"}, 400, "validation_error"),
        ("", {"region": "Atlantis"}, 400, "unknown_region"),
        ("/sankranti", {"region": "Atlantis"}, 400, "unknown_region"),
        ("/no-such-festival", {}, 404, "not_found"),
    ],
)
def test_bad_input_is_4xx_in_the_error_shape(api_client, db, path, query, status, code):
    response = api_client.get(URL + path, query)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_festival_names_and_titles_come_in_the_readers_language(api_client, films):
    query = {"date": "2026-01-10", "region": "Telangana"}
    telugu = api_client.get(URL, query, HTTP_ACCEPT_LANGUAGE="te").json()["festivals"][0]
    hindi = api_client.get(URL, query, HTTP_ACCEPT_LANGUAGE="hi").json()["festivals"][0]
    english = api_client.get(URL, query, HTTP_ACCEPT_LANGUAGE="en").json()["festivals"][0]

    assert telugu["name"] == "సంక్రాంతి"
    assert telugu["collection_title"] == "సంక్రాంతి: తెలుగు, కన్నడ కుటుంబ చిత్రాలు"
    assert hindi["name"] == "संक्रांति"
    # no Hindi title was written: the festival's first language (Telugu) comes next
    assert hindi["collection_title"] == telugu["collection_title"]
    assert english["collection_title"] == "Sankranti: Telugu and Kannada family films"
