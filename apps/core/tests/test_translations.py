import pytest
from django.utils import translation

from apps.core.translations import pick, translations_form
from apps.regional.models import Festival

TITLES = {"te": "సంక్రాంతి చిత్రాలు", "kn": "ಸಂಕ್ರಾಂತಿ ಚಿತ್ರಗಳು"}


def test_pick_requested_then_region_then_english():
    assert pick("Sankranti films", TITLES, language="te") == TITLES["te"]
    assert (
        pick("Sankranti films", TITLES, language="hi", region_languages=["kn", "te"])
        == TITLES["kn"]
    )
    assert pick("Sankranti films", TITLES, language="ta") == "Sankranti films"
    assert (
        pick("Sankranti films", TITLES, language="en", region_languages=["te"]) == "Sankranti films"
    )
    assert pick("Sankranti films", {"te": "   "}, language="te") == "Sankranti films"
    assert pick("Sankranti films", None, language="te") == "Sankranti films"
    with translation.override("kn"):
        assert pick("Sankranti films", TITLES) == TITLES["kn"]


@pytest.mark.django_db
def test_admin_form_has_a_box_per_language_and_saves_only_what_was_written():
    festival = Festival.objects.get(slug="sankranti")
    form_class = translations_form(Festival, {"collection_titles": "collection_title"})
    form = form_class(instance=festival)
    assert {f"collection_titles__{c}" for c in ("hi", "te", "ta", "kn")} <= set(form.fields)
    assert "collection_titles" not in form.fields
    assert form.fields["collection_titles__te"].initial == festival.collection_titles["te"]

    data = {name: form[name].value() for name in form.fields}
    data.update({"languages": '["te", "kn"]', "regions": '["AP", "TS", "KA"]'})
    data.update({"holiday_names": '["Makar Sankranti"]', "genres": '["family"]'})
    data.update({"collection_titles__te": "కొత్త శీర్షిక", "collection_titles__kn": ""})
    data["family_friendly"] = "on"
    data["is_active"] = "on"
    bound = form_class(data=data, instance=festival)
    assert bound.is_valid(), bound.errors
    bound.save()

    festival.refresh_from_db()
    assert festival.collection_titles == {"te": "కొత్త శీర్షిక"}
    assert festival.collection_title == "Sankranti: Telugu and Kannada family films"  # untouched
    assert festival.names["te"] == "సంక్రాంతి"  # another translated field, untouched
