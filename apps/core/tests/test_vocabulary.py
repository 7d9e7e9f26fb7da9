"""The one vocabulary: internally consistent, and the modules that use it hold no lists of their own."""

import inspect

import holidays

from apps.catalog.services import ingestion
from apps.core import vocabulary as v
from recommender.algorithms import preferences


def test_every_named_language_is_iso_639_1_with_native_name_and_script():
    for code, lang in v.LANGUAGES.items():
        assert code == lang.code
        assert code in v.ISO_639_1
        assert lang.native
        assert len(lang.script) == 4


def test_first_class_regional_and_indian_lists_agree():
    assert v.FIRST_CLASS_LANGUAGES == ("te", "hi", "ta", "kn", "ml", "en", "ja")
    assert set(v.REGIONAL_LANGUAGES) <= set(v.FIRST_CLASS_LANGUAGES) & set(v.INDIAN_LANGUAGES)
    assert set(v.INDIAN_LANGUAGES) <= set(v.LANGUAGES)
    assert list(v.FEATURED_LANGUAGES)[:7] == list(v.FIRST_CLASS_LANGUAGES)


def test_native_names_of_the_regional_languages():
    assert [v.language_native_name(c) for c in ("te", "hi", "ta", "kn")] == [
        "తెలుగు",
        "हिन्दी",
        "தமிழ்",
        "ಕನ್ನಡ",
    ]


def test_states_have_unique_iso_codes_and_known_film_languages():
    codes = [s.code for s in v.INDIAN_STATES]
    assert len(codes) == len(set(codes)) == 36
    for state in v.INDIAN_STATES:
        assert state.code.startswith("IN-")
        assert state.languages
        assert set(state.languages) <= set(v.LANGUAGES)


def test_state_codes_match_the_holidays_package_subdivisions():
    assert {s.short_code for s in v.INDIAN_STATES} == set(holidays.India.subdivisions)


def test_state_lookup_by_name_alias_and_current_or_retired_code():
    assert v.state_lookup("Telangana") is v.state_lookup("IN-TS") is v.state_lookup("TG")
    assert v.state_lookup("orissa") is v.state_lookup("IN-OD")
    assert v.state_lookup("National Capital Territory of Delhi").name == "Delhi"  # type: ignore[union-attr]
    assert v.state_lookup("Atlantis") is None


def test_default_languages_follow_the_issue_table():
    assert v.default_languages("IN", "Telangana")[0] == "te"
    assert v.default_languages("IN", "Andhra Pradesh")[0] == "te"
    assert v.default_languages("IN", "Tamil Nadu")[0] == "ta"
    assert v.default_languages("IN", "Karnataka")[0] == "kn"
    assert v.default_languages("IN", "Kerala")[0] == "ml"
    assert v.default_languages("IN", "Uttar Pradesh")[0] == "hi"
    assert v.default_languages("IN", "")[0] == "hi"
    assert v.default_languages("US", "California") == ("en",)


def test_recommender_and_ingestion_use_the_vocabulary_not_their_own_lists():
    assert preferences.INDIAN_LANGUAGES is v.INDIAN_LANGUAGES
    assert preferences.REGION_LANGUAGE is v.REGION_LANGUAGE
    default = inspect.signature(ingestion.ingest_tmdb_regional).parameters["languages"].default
    assert default is v.REGIONAL_LANGUAGES
    for state in v.INDIAN_STATES:
        assert preferences.REGION_LANGUAGE[state.name.lower()] == state.languages[0]
