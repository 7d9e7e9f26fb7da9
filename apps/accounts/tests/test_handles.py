"""The rules of a public handle and its generation (apps/accounts/handles.py)."""

import pytest
from django.core.exceptions import ValidationError

from apps.accounts.handles import (
    HANDLE_RE,
    derived_from_email,
    display_name_problem,
    generate_handle,
    handle_problem,
    validate_handle_format,
)
from apps.accounts.models import User

EMAIL = "Asha.Rao@mail.example.in"


@pytest.mark.parametrize(
    "handle",
    ["asha", "Asha_Rao", "telugu-cinema-fan", "007bond", "a" * 30, "teal-lotus-4821"],
)
def test_good_handles_pass(handle):
    assert handle_problem(handle, email=EMAIL) is None


@pytest.mark.parametrize(
    ("handle", "why"),
    [
        ("asha@mail.example.in", "@"),
        ("asha@", "@"),
        ("ab", "3 to 30"),
        ("a" * 31, "3 to 30"),
        ("asha rao", "letters"),
        ("asha.rao", "letters"),
        ("-asha", "letters"),
        ("ఆశా", "letters"),
        ("admin", "reserved"),
        ("Admin_2", "reserved"),
        ("cine-rec", "reserved"),
        ("staff", "reserved"),
        ("asharaomailexamplein", "e-mail"),
        ("Asha-Rao-Mail-Example-In", "e-mail"),
    ],
)
def test_bad_handles_say_why(handle, why):
    problem = handle_problem(handle, email=EMAIL)

    assert problem is not None
    assert why in problem


def test_the_model_field_checks_the_format_but_not_reserved_words():
    validate_handle_format("admin")  # the demo curator's handle stays editable in the admin
    with pytest.raises(ValidationError):
        validate_handle_format("asha@mail.example.in")


@pytest.mark.parametrize(
    ("name", "derived"),
    [
        (EMAIL, True),
        ("someone@else.example", True),
        ("asharaomailexamplein", True),
        ("Asha Rao", False),
        ("asharao", False),
    ],
)
def test_what_counts_as_made_from_the_address(name, derived):
    assert derived_from_email(name, EMAIL) is derived


def test_display_names_cannot_be_an_address():
    assert display_name_problem("Asha Rao", email=EMAIL) is None
    assert display_name_problem("", email=EMAIL) is None
    assert display_name_problem("asha@mail.example.in", email=EMAIL) is not None
    assert display_name_problem("write to a@b.example", email="") is not None


def test_generated_handles_are_valid_and_skip_taken_ones():
    taken: set[str] = set()
    for _ in range(200):
        handle = generate_handle(is_taken=lambda h: h in taken)
        assert handle not in taken
        assert handle_problem(handle, email=EMAIL) is None
        taken.add(handle)

    assert len(taken) == 200


def test_generation_falls_back_to_a_random_handle_when_words_keep_clashing():
    handle = generate_handle(is_taken=lambda h: not h.startswith("user-"))

    assert handle.startswith("user-")
    assert HANDLE_RE.fullmatch(handle)
    assert handle_problem(handle) is None


@pytest.mark.django_db
def test_create_user_without_a_handle_gets_a_generated_one():
    user = User.objects.create_user(email="meera@example.org", password="x-very-long-pass")
    admin = User.objects.create_superuser(email="root@example.org", password="x-very-long-pass")

    assert handle_problem(user.username, email=user.email) is None
    assert handle_problem(admin.username, email=admin.email) is None
    assert "@" not in str(user)
