"""A curator's edit in the admin is recorded as curated and survives the next ingestion."""

from datetime import date

import pytest

from apps.accounts.tests.factories import TEST_PASSWORD, UserFactory
from apps.catalog.models import Content, Genre
from apps.catalog.services import TitleCandidate, content_ingest

pytestmark = pytest.mark.django_db


def _tmdb(**values: object) -> TitleCandidate:
    return TitleCandidate(
        source="tmdb",
        source_key="tmdb:movie:579974",
        kind="movie",
        title="RRR",
        values={
            "tmdb_type": "movie",
            "tmdb_id": 579974,
            "original_language": "te",
            "overview": "A fearless revolutionary and an officer fight for their country.",
            "release_date": date(2022, 3, 24),
            "year": 2022,
            "tmdb_vote_average": 7.7,
            "tmdb_vote_count": 1400,
        }
        | values,
        genres=("Action", "Drama"),
    )


def _change_form_data(client, content: Content, **changes: object) -> dict[str, object]:
    """What the admin's change form posts back: every field as rendered, then the edits."""
    page = client.get(f"/admin/catalog/content/{content.pk}/change/").context
    forms = [page["adminform"].form]
    for inline in page["inline_admin_formsets"]:  # where to watch (apps/ott), edited inline
        forms += [inline.formset.management_form, *inline.formset.forms]
    data: dict[str, object] = {}
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            data[key] = "" if value is None else value
            if field.show_hidden_initial:  # the browser posts these back too
                data[form.add_initial_prefix(name)] = data[key]
    return data | changes


@pytest.fixture
def curator_client(client):
    curator = UserFactory(
        email="meena@example.com", username="meena", is_staff=True, is_superuser=True
    )
    assert client.login(username=curator.email, password=TEST_PASSWORD)
    return client


def test_curator_edit_records_who_and_wins_over_the_next_ingestion(curator_client):
    content = content_ingest(_tmdb()).content
    assert content is not None
    drama = Genre.objects.get(slug="drama")

    response = curator_client.post(
        f"/admin/catalog/content/{content.pk}/change/",
        _change_form_data(
            curator_client,
            content,
            overview="Two revolutionaries in 1920s India; a Telugu epic by S. S. Rajamouli.",
            genres=[drama.pk],
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors

    content.refresh_from_db()
    assert content.provenance["overview"]["source"] == "curator"
    assert content.provenance["overview"]["by"] == "meena@example.com"
    assert content.provenance["genres"]["by"] == "meena@example.com"
    assert "title" not in content.provenance or content.provenance["title"]["source"] == "tmdb"

    again = content_ingest(_tmdb(overview="A new overview from TMDB.", tmdb_vote_average=7.9))

    content.refresh_from_db()
    assert again.action == "updated"
    assert content.overview.startswith("Two revolutionaries")  # curated: kept
    assert content.tmdb_vote_average == 7.9  # not curated: ingestion still updates it
    assert set(content.genres.values_list("slug", flat=True)) == {"drama"}


def test_saving_the_change_form_unchanged_is_not_a_500_and_curates_nothing(curator_client):
    content = content_ingest(_tmdb()).content
    assert content is not None

    response = curator_client.post(
        f"/admin/catalog/content/{content.pk}/change/", _change_form_data(curator_client, content)
    )

    assert response.status_code == 302
    content.refresh_from_db()
    assert {n: e["source"] for n, e in content.provenance.items() if e["source"] != "tmdb"} == {}


def test_where_to_watch_added_inline_on_the_title_page_is_curated(curator_client):
    from apps.ott.models import Availability, Platform

    content = content_ingest(_tmdb()).content
    assert content is not None
    aha = Platform.objects.get(slug="aha")
    data = _change_form_data(curator_client, content)
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    data |= {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-0-platform": str(aha.pk),
        f"{prefix}-0-country": "IN",
        f"{prefix}-0-monetisation": "flatrate",
        f"{prefix}-0-as_of": "2026-11-30",
    }

    response = curator_client.post(f"/admin/catalog/content/{content.pk}/change/", data)

    assert response.status_code == 302
    offer = Availability.objects.get(content=content)
    assert (offer.platform, offer.curated, offer.source) == (aha, True, "curator")
