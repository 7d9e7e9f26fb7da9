"""The rules of a public handle and its generation (apps/accounts/handles.py)."""

import pytest
from django.core.exceptions import ValidationError

from apps.accounts import services
from apps.accounts.handles import (
    HANDLE_RE,
    derived_from_email,
    display_name_problem,
    generate_handle,
    handle_problem,
    validate_handle_format,
)
from apps.accounts.models import User
from apps.accounts.tests.factories import TEST_PASSWORD, UserFactory
from apps.core.exceptions import ApplicationError

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


@pytest.mark.django_db
def test_a_handle_taken_between_the_check_and_the_save_is_still_a_400(monkeypatch):
    """The database's case-insensitive unique constraint decides a race; the answer stays a 400."""
    UserFactory(username="Sudha")
    mover = UserFactory(username="mover")
    monkeypatch.setattr(services, "_check_public_names", lambda **_kwargs: None)

    with pytest.raises(ApplicationError) as changed:
        services.profile_update(user=mover, data={"handle": "sudha"})
    with pytest.raises(ApplicationError) as registered:
        services.user_register(email="new@example.org", password=TEST_PASSWORD, handle="SUDHA")

    assert (changed.value.code, changed.value.status_code) == ("handle_taken", 400)
    assert (registered.value.code, registered.value.status_code) == ("handle_taken", 400)
    mover.refresh_from_db()
    assert mover.username == "mover"
    assert User.objects.count() == 2


@pytest.mark.django_db
def test_admin_forms_refuse_an_address_or_a_case_twin_as_handle():
    """Model validation (what the admin's user form runs) applies the format and the
    case-insensitive uniqueness too."""
    UserFactory(username="Sudha")
    errors = []
    for handle in ("sudha@example.org", "SUDHA"):
        user = UserFactory.build(username=handle, email="new@example.org")
        with pytest.raises(ValidationError) as refused:
            user.full_clean(exclude=["password"])
        errors.append(refused.value.message_dict)

    assert "username" in errors[0]
    assert errors[1] == {"__all__": ["This handle is taken."]}
