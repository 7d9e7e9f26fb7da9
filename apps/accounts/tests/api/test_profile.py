import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
PROFILE = reverse("user-api:profile")


def test_patch_changes_only_the_given_fields(auth_client, user):
    response = auth_client.patch(
        PROFILE, {"preferred_genres": ["action", "Romance"]}, format="json"
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.preferred_genres == ["action", "romance"]
    assert response.json()["display_name"] == user.display_name


def test_put_sets_country_as_user_chosen(auth_client, user):
    body = {
        "display_name": "Asha",
        "preferred_languages": ["te", "ta", "te"],
        "preferred_genres": [],
        "preferred_content_types": ["movie", "anime"],
        "country": "in",
        "region": "Telangana",
        "ui_language": "te",
        "onboarding_completed": True,
    }

    response = auth_client.put(PROFILE, body, format="json")

    assert response.status_code == 200
    data = response.json()
    assert data["preferred_languages"] == ["te", "ta"]
    assert data["country"] == "IN"
    assert data["location_source"] == "user"
    assert data["onboarding_completed"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"preferred_genres": ["action", "not-a-genre"]}, "preferred_genres"),
        ({"preferred_content_types": ["podcast"]}, "preferred_content_types"),
        ({"country": "India"}, "country"),
        ({"preferred_languages": "te"}, "preferred_languages"),
        ({"onboarding_completed": "maybe"}, "onboarding_completed"),
    ],
)
def test_bad_profile_values_are_field_errors_and_change_nothing(auth_client, user, body, field):
    before = {k: getattr(user, k) for k in ("preferred_genres", "country", "preferred_languages")}

    response = auth_client.patch(PROFILE, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["details"]
    user.refresh_from_db()
    assert {k: getattr(user, k) for k in before} == before
