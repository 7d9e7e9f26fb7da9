import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("auth-api:register")
LOGIN = reverse("auth-api:login")
REFRESH = reverse("auth-api:refresh")
LOGOUT = reverse("auth-api:logout")
PROFILE = reverse("user-api:profile")


def _register(api_client, **extra):
    body = {"email": "asha@example.com", "password": "Saffron-Monsoon-77", **extra}
    return api_client.post(REGISTER, body, format="json")


def test_register_returns_user_and_working_tokens(api_client):
    response = _register(api_client, display_name="Asha", preferred_languages=["te", "hi"])

    assert response.status_code == 201
    body = response.json()
    assert body["user"]["email"] == "asha@example.com"
    assert body["user"]["preferred_languages"] == ["te", "hi"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['tokens']['access']}")
    assert api_client.get(PROFILE).json()["display_name"] == "Asha"


def test_register_weak_password_is_rejected_and_creates_nothing(api_client):
    response = _register(api_client, password="12345678")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "weak_password"
    assert error["details"]["password"]
    assert not User.objects.exists()


def test_register_duplicate_email_is_409_case_insensitively(api_client):
    _register(api_client)
    response = _register(api_client, email="ASHA@example.com")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "email_taken"
    assert User.objects.count() == 1


def test_register_unknown_language_is_a_field_error(api_client):
    response = _register(api_client, preferred_languages=["te", "xx"])

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert "preferred_languages" in error["details"]


def test_login_returns_token_pair_with_any_email_case(api_client):
    UserFactory(email="ravi@example.com")

    response = api_client.post(
        LOGIN, {"email": "Ravi@Example.com", "password": TEST_PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}


def test_login_wrong_password_is_401_in_error_shape(api_client):
    UserFactory(email="ravi@example.com")

    response = api_client.post(
        LOGIN, {"email": "ravi@example.com", "password": "nope-nope"}, format="json"
    )

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_login_brute_force_on_one_account_gets_429(api_client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS = 3
    UserFactory(email="ravi@example.com")
    bad = {"email": "ravi@example.com", "password": "wrong-guess"}

    statuses = [api_client.post(LOGIN, bad, format="json").status_code for _ in range(4)]
    # Even the right password is refused while the account is locked out.
    good = api_client.post(LOGIN, {**bad, "password": TEST_PASSWORD}, format="json")

    assert statuses == [401, 401, 401, 429]
    assert good.status_code == 429
    assert good.json()["error"]["code"] == "throttled"
    wait = int(good["Retry-After"])
    assert 0 < wait <= 60  # LOGIN_LOCKOUT_SECONDS, the first lockout, less the time taken
    assert good.json()["error"]["details"] == {"retry_after_seconds": wait}


def test_login_brute_force_from_one_ip_across_accounts_gets_429(api_client, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    codes = [
        api_client.post(
            LOGIN, {"email": f"x{i}@example.com", "password": "guess-1234"}, format="json"
        ).status_code
        for i in range(4)
    ]
    assert codes == [401, 401, 401, 429]


def test_refresh_rotates_and_old_refresh_token_is_rejected(api_client):
    tokens = _register(api_client).json()["tokens"]

    first = api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
    replay = api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")

    assert first.status_code == 200
    assert first.json()["refresh"] != tokens["refresh"]
    assert replay.status_code == 401
    assert replay.json()["error"]["code"] == "token_not_valid"


def test_logout_blacklists_the_refresh_token(api_client):
    tokens = _register(api_client).json()["tokens"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

    response = api_client.post(LOGOUT, {"refresh": tokens["refresh"]}, format="json")
    after = api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")

    assert response.status_code == 204
    assert after.status_code == 401


def test_logout_with_someone_elses_token_is_refused(api_client):
    mine = _register(api_client).json()["tokens"]
    theirs = _register(api_client, email="other@example.com").json()["tokens"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {mine['access']}")

    response = api_client.post(LOGOUT, {"refresh": theirs["refresh"]}, format="json")

    assert response.status_code == 403
    assert (
        api_client.post(REFRESH, {"refresh": theirs["refresh"]}, format="json").status_code == 200
    )


def test_profile_requires_authentication(api_client):
    response = api_client.get(PROFILE)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_invalid_json_is_a_400_parse_error(api_client):
    response = api_client.post(REGISTER, data="{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_login_with_the_username_chosen_at_registration(api_client):
    registered = api_client.post(
        REGISTER,
        {"email": "latha@example.com", "username": "latha_te", "password": TEST_PASSWORD},
        format="json",
    )
    assert registered.status_code == 201

    by_username = api_client.post(
        LOGIN, {"login": "latha_te", "password": TEST_PASSWORD}, format="json"
    )
    by_username_in_email_field = api_client.post(
        LOGIN, {"email": "latha_te", "password": TEST_PASSWORD}, format="json"
    )
    by_email = api_client.post(
        LOGIN, {"login": "Latha@Example.com", "password": TEST_PASSWORD}, format="json"
    )

    assert by_username.status_code == 200
    assert set(by_username.json()) == {"access", "refresh"}
    assert by_username_in_email_field.status_code == 200
    assert by_email.status_code == 200


def test_login_without_an_identifier_is_400_naming_login(api_client):
    response = api_client.post(LOGIN, {"password": TEST_PASSWORD}, format="json")

    assert response.status_code == 400
    assert "login" in response.json()["error"]["details"]


def test_failed_logins_by_username_and_email_share_one_account_budget(api_client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS = 3
    UserFactory(email="ravi@example.com", username="ravi")
    attempts = [
        {"login": "ravi", "password": "wrong-guess"},
        {"login": "ravi@example.com", "password": "wrong-guess"},
        {"login": "RAVI", "password": "wrong-guess"},
        {"login": "ravi", "password": TEST_PASSWORD},
    ]

    statuses = [api_client.post(LOGIN, body, format="json").status_code for body in attempts]

    assert statuses == [401, 401, 401, 429]


def test_admin_sign_in_accepts_the_username(client, db):
    UserFactory(email="curator@example.com", username="curator", is_staff=True)

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "curator", "password": TEST_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_refresh_for_an_account_deleted_meanwhile_is_401_not_500(api_client):
    tokens = _register(api_client).json()["tokens"]
    User.objects.all().delete()  # removed by an admin, tokens not blacklisted

    response = api_client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_not_valid"
