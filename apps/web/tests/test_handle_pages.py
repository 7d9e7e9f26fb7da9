"""The public handle on the site: generated at sign-up when left empty, changed on the profile
page, refused beside the field when taken or invalid."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.accounts.handles import handle_problem
from apps.accounts.models import User
from apps.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_up_without_a_handle_gets_a_generated_one(client):
    response = client.post(
        reverse("web:signup"),
        {"username": "", "email": "nila.v@mail.example.in", "password": TEST_PASSWORD},
    )

    assert response.status_code == 302
    user = User.objects.get()
    assert handle_problem(user.username, email=user.email) is None
    assert "nila" not in user.username


@pytest.mark.parametrize(("handle", "message"), [("nila@mail.example.in", "@"), ("Taken", "taken")])
def test_sign_up_with_a_bad_handle_is_a_form_error(client, handle, message):
    UserFactory(username="taken")

    response = client.post(
        reverse("web:signup"),
        {"username": handle, "email": "nila.v@mail.example.in", "password": TEST_PASSWORD},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == 1


def _profile(handle: str) -> dict[str, str]:
    return {"handle": handle, "display_name": "Ravi", "ui_language": "en"}


def test_profile_page_changes_the_handle(client):
    member = UserFactory(username="ravi", display_name="Ravi")
    client.force_login(member)

    page = client.get(reverse("web:profile")).content.decode()
    response = client.post(reverse("web:profile"), _profile("ravi-reviews"))

    member.refresh_from_db()
    assert 'value="ravi"' in page
    assert response.status_code == 302
    assert member.username == "ravi-reviews"


def test_profile_page_refuses_a_taken_handle_and_saves_nothing(client):
    member = UserFactory(username="ravi", display_name="Old name")
    UserFactory(username="sita")
    client.force_login(member)

    response = client.post(reverse("web:profile"), _profile("SITA"))

    member.refresh_from_db()
    assert response.status_code == 200
    assert "This handle is taken." in response.content.decode()
    assert (member.username, member.display_name) == ("ravi", "Old name")
