"""One limiter at every door (issue 23, abuse): per (account, address), per address, per account
with the owner's recent address spared, backoff with an honest Retry-After."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from apps.accounts import limits
from apps.accounts.models import User
from apps.accounts.tests.factories import TEST_PASSWORD, UserFactory
from apps.core.models import OutboxMessage

pytestmark = pytest.mark.django_db

LOGIN = "/api/auth/login"
NEW = "another-Passphrase-77"
PROXY = "10.0.0.1"  # the one trusted reverse proxy (TRUSTED_PROXY_COUNT = 1)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def _from(address: str) -> dict[str, str]:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}


def _api_login(login: str, password: str, address: str = "203.0.113.1"):
    return APIClient().post(
        LOGIN, {"login": login, "password": password}, format="json", **_from(address)
    )


@pytest.fixture
def clock(monkeypatch):
    """time.time() under the test's control (the limiter's deadlines and locmem's expiry)."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(limits.time, "time", lambda: now[0])
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: now[0])
    return now


def test_forty_wrong_passwords_on_the_site_are_refused_and_the_right_one_then_too():
    user = UserFactory()
    site = Client(HTTP_ACCEPT_LANGUAGE="hi")
    wrong = [
        site.post("/signin/", {"login": user.email, "password": f"guess-{n}"}).status_code
        for n in range(40)
    ]
    right = site.post("/signin/", {"login": user.email, "password": TEST_PASSWORD})

    assert wrong == [200] * 5 + [429] * 35  # the form again, then the lockout
    assert right.status_code == 429
    assert 0 < int(right["Retry-After"]) <= 60  # LOGIN_LOCKOUT_SECONDS, less the time taken
    assert "_auth_user_id" not in site.session
    assert "बहुत अधिक प्रयास" in right.content.decode()  # the message, in the visitor's language


def test_admin_login_is_limited_like_every_other_door():
    staff = UserFactory(is_staff=True, is_superuser=True)
    admin = Client()
    wrong = [
        admin.post("/admin/login/", {"username": staff.email, "password": "nope"}).status_code
        for _ in range(40)
    ]
    right = admin.post("/admin/login/", {"username": staff.email, "password": TEST_PASSWORD})

    assert wrong == [200] * 5 + [429] * 35
    assert right.status_code == 429
    assert "Too many attempts" in right.content.decode()
    assert "_auth_user_id" not in admin.session
    assert admin.get("/admin/").status_code == 302  # still signed out


def test_admin_login_still_signs_a_curator_in():
    staff = UserFactory(is_staff=True)
    admin = Client()
    response = admin.post("/admin/login/", {"username": staff.email, "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert admin.get("/admin/").status_code == 200


def test_admin_password_change_checks_the_old_password_on_the_same_budget():
    staff = UserFactory(is_staff=True)
    admin = Client()
    admin.force_login(staff)

    def change(old: str):
        body = {"old_password": old, "new_password1": NEW, "new_password2": NEW}
        return admin.post("/admin/password_change/", body)

    wrong = [change(f"guess-{n}").status_code for n in range(6)]
    right = change(TEST_PASSWORD)
    staff.refresh_from_db()

    assert wrong == [200] * 5 + [429]
    assert right.status_code == 429
    assert 0 < int(right["Retry-After"]) <= 60
    assert staff.check_password(TEST_PASSWORD)  # unchanged


def test_admin_password_change_still_changes_the_password():
    staff = UserFactory(is_staff=True)
    admin = Client()
    admin.force_login(staff)
    body = {"old_password": TEST_PASSWORD, "new_password1": NEW, "new_password2": NEW}
    response = admin.post("/admin/password_change/", body)
    staff.refresh_from_db()

    assert response.status_code == 302
    assert response["Location"] == "/admin/password_change/done/"
    assert staff.check_password(NEW)


@pytest.mark.parametrize("email", ["known", "nobody@example.com"])
def test_fifteen_reset_requests_on_the_site_queue_at_most_the_limit(email):
    user = UserFactory()
    address = user.email if email == "known" else email
    site = Client()
    statuses = [site.post("/account/reset/", {"email": address}).status_code for _ in range(15)]

    # the same answers for a known and an unknown address: ACCOUNT_EMAIL_RATE = 3/h
    assert statuses == [302] * 3 + [429] * 12
    sent = OutboxMessage.objects.filter(task_name="accounts.send_account_email").count()
    assert sent == (3 if email == "known" else 0)


def test_invalid_reset_links_are_limited_on_the_site_and_the_api_alike(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    body = {"password": NEW, "password_again": NEW}
    site = [Client().post(f"/account/reset/{uid}/nonsense", body).status_code for _ in range(4)]
    api = [
        APIClient(REMOTE_ADDR="192.0.2.7")
        .post(
            "/api/auth/password/reset/confirm",
            {"uid": uid, "token": "nonsense", "password": NEW},
            format="json",
        )
        .status_code
        for _ in range(2)
    ]

    assert site == [400, 400, 400, 429]  # ACCOUNT_EMAIL_RATE per link (uid) = 3/h
    assert api == [429, 429]  # the same budget for that uid from anywhere


def test_retrying_a_weak_password_at_a_good_link_uses_no_budget(user):
    path = (
        f"/account/reset/{urlsafe_base64_encode(force_bytes(user.pk))}/"
        f"{default_token_generator.make_token(user)}"
    )
    site = Client()
    weak = [
        site.post(path, {"password": "12345678", "password_again": "12345678"}).status_code
        for _ in range(5)
    ]
    done = site.post(path, {"password": NEW, "password_again": NEW})

    assert weak == [200] * 5  # the form with the weakness, each time
    assert done.status_code == 302


def test_the_owner_signs_in_from_home_while_an_attacker_elsewhere_keeps_failing(behind_proxy):
    UserFactory(email="asha@example.com")
    attack = [
        _api_login("asha@example.com", f"guess-{n}", f"198.51.100.{a}").status_code
        for a in range(1, 21)
        for n in range(8)
    ]
    owner = _api_login("asha@example.com", TEST_PASSWORD, "203.0.113.50")

    assert len(attack) == 160
    assert attack.count(401) == 100  # five guesses per attacking address
    assert attack.count(429) == 60
    assert owner.status_code == 200


def test_past_the_account_ceiling_only_the_owners_recent_address_gets_through(
    behind_proxy, settings
):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 10
    UserFactory(email="asha@example.com")
    assert _api_login("asha@example.com", TEST_PASSWORD, "203.0.113.50").status_code == 200
    attack = [
        _api_login("asha@example.com", "guess", f"198.51.100.{a}").status_code for a in range(1, 13)
    ]
    stranger = _api_login("asha@example.com", TEST_PASSWORD, "192.0.2.9")
    owner = _api_login("asha@example.com", TEST_PASSWORD, "203.0.113.50")

    assert attack == [401] * 10 + [429] * 2  # a distributed attack trips the ceiling
    assert stranger.status_code == 429  # the right password from a new address waits
    assert owner.status_code == 200  # the address the owner signed in from does not


def test_someone_spraying_from_the_owners_shared_address_does_not_lock_the_owner_out(
    behind_proxy, settings
):
    settings.LOGIN_FAILURES_PER_ADDRESS = 10
    shared = "100.64.0.7"  # one carrier-grade NAT address, many subscribers
    UserFactory(email="asha@example.com")
    neighbour = UserFactory(email="ravi@example.com")
    assert _api_login("asha@example.com", TEST_PASSWORD, shared).status_code == 200
    spray = [_api_login(f"n{n}@example.com", "guess", shared).status_code for n in range(12)]
    owner = _api_login("asha@example.com", TEST_PASSWORD, shared)
    first_time_here = _api_login(neighbour.email, TEST_PASSWORD, shared)

    assert spray == [401] * 10 + [429] * 2  # the address is locked for accounts new to it
    assert first_time_here.status_code == 429
    assert owner.status_code == 200  # but not for the account that signed in from it


def test_the_owners_browser_gets_in_anywhere_during_an_attack(behind_proxy, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 10
    UserFactory(email="asha@example.com")
    other = UserFactory(email="ravi@example.com")
    right = {"login": "asha@example.com", "password": TEST_PASSWORD}
    browser, strangers_browser, forged = Client(), Client(), Client()
    assert browser.post("/signin/", right, **_from("203.0.113.50")).status_code == 302
    strangers_browser.post(
        "/signin/", {"login": other.email, "password": TEST_PASSWORD}, **_from("192.0.2.1")
    )
    forged.cookies[limits.DEVICE_COOKIE] = "user:1"
    shared = "100.64.0.7"
    attack = [_api_login("asha@example.com", "guess", shared).status_code for _ in range(5)]
    attack += [
        _api_login("asha@example.com", "guess", f"198.51.100.{a}").status_code for a in range(1, 6)
    ]

    assert attack == [401] * 10  # the account's ceiling and the shared address's pair: locked
    assert browser.post("/signin/", right, **_from(shared)).status_code == 302
    assert browser.post("/signin/", right, **_from("192.0.2.99")).status_code == 302
    assert Client().post("/signin/", right, **_from(shared)).status_code == 429
    # another account's device cookie, or a made-up one, earns nothing elsewhere
    assert strangers_browser.post("/signin/", right, **_from("192.0.2.77")).status_code == 429
    assert forged.post("/signin/", right, **_from("192.0.2.78")).status_code == 429


def test_a_reset_link_lets_the_owner_in_from_a_new_address_past_the_ceiling(behind_proxy, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 10
    user = UserFactory(email="asha@example.com")
    for a in range(1, 11):
        assert _api_login("asha@example.com", "guess", f"198.51.100.{a}").status_code == 401
    assert _api_login("asha@example.com", TEST_PASSWORD, "192.0.2.9").status_code == 429
    link = {
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "password": NEW,
    }
    confirm = APIClient().post(
        "/api/auth/password/reset/confirm", link, format="json", **_from("192.0.2.9")
    )

    assert confirm.status_code == 200
    assert _api_login("asha@example.com", link["password"], "192.0.2.9").status_code == 200
    assert _api_login("asha@example.com", link["password"], "192.0.2.10").status_code == 429


def test_each_lockout_doubles_up_to_the_cap_and_retry_after_is_honest(clock, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS = 2
    settings.LOGIN_LOCKOUT_SECONDS = 60
    settings.LOGIN_LOCKOUT_MAX_SECONDS = 200
    UserFactory(email="ravi@example.com")
    waits = []
    for _ in range(3):
        assert [_api_login("ravi@example.com", "x").status_code for _ in range(2)] == [401, 401]
        locked = _api_login("ravi@example.com", TEST_PASSWORD)
        assert locked.status_code == 429
        waits.append(int(locked["Retry-After"]))
        clock[0] += 30
        assert int(_api_login("ravi@example.com", TEST_PASSWORD)["Retry-After"]) == waits[-1] - 30
        clock[0] += waits[-1] - 30

    assert waits == [60, 120, 200]
    assert _api_login("ravi@example.com", TEST_PASSWORD).status_code == 200


def test_a_success_forgets_the_pairs_failures():
    UserFactory(email="ravi@example.com")
    for _ in range(4):
        assert _api_login("ravi@example.com", "typo").status_code == 401
    assert _api_login("ravi@example.com", TEST_PASSWORD).status_code == 200

    assert [_api_login("ravi@example.com", "typo").status_code for _ in range(5)] == [401] * 5


def test_an_unknown_identifier_is_limited_exactly_like_an_account():
    UserFactory(email="ravi@example.com")
    known = [_api_login("ravi@example.com", "x", "192.0.2.1") for _ in range(6)]
    unknown = [_api_login("nobody@example.com", "x", "192.0.2.2") for _ in range(6)]

    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    assert [r.status_code for r in known] == [401] * 5 + [429]
    assert known[-1].json() == unknown[-1].json()


def test_email_change_and_account_deletion_share_the_sign_in_budget(user):
    api = APIClient()
    api.force_authenticate(user=user)
    change = [
        api.post(
            "/api/user/email", {"new_email": "new@example.com", "password": "nope"}, format="json"
        ).status_code
        for _ in range(3)
    ]
    delete = [
        api.delete("/api/user/account", {"password": "nope"}, format="json").status_code
        for _ in range(3)
    ]
    right = api.delete("/api/user/account", {"password": TEST_PASSWORD}, format="json")
    login = APIClient().post(LOGIN, {"login": user.email, "password": TEST_PASSWORD}, format="json")

    assert change == [400, 400, 400]
    assert delete == [403, 403, 429]  # the fifth wrong password locked this address out
    assert right.status_code == 429
    assert 0 < int(right["Retry-After"]) <= 60
    assert User.objects.filter(pk=user.pk).exists()
    assert login.status_code == 429  # the same limiter as signing in


def test_a_right_password_at_the_account_deletion_still_deletes(user):
    api = APIClient()
    api.force_authenticate(user=user)
    response = api.delete("/api/user/account", {"password": TEST_PASSWORD}, format="json")

    assert response.status_code == 204
    assert not User.objects.filter(pk=user.pk).exists()


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::9", "2001:db8:1:2::/64"),  # the same subscriber's block
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("", "-"),
    ],
)
def test_ipv6_addresses_count_per_64(address, counted_as):
    assert limits.address_key(address) == counted_as


def test_the_cache_holds_no_e_mail_handle_or_address(settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS = 2
    UserFactory(email="asha@example.com", username="asha")
    for _ in range(3):
        _api_login("asha@example.com", "guess", "203.0.113.9")
        _api_login("nobody@example.com", "guess", "203.0.113.9")
    Client().post("/account/reset/", {"email": "asha@example.com"})

    # Redis (REDIS_URL runs) lists its keys; the local-memory cache keeps them in a dict
    keys = cache.keys("*rl:*") if hasattr(cache, "keys") else list(cache._cache)
    assert len([k for k in keys if "rl:" in k]) >= 5  # pairs, addresses, accounts, inboxes
    assert not [k for k in keys if "example.com" in k or "asha" in k or "203.0.113" in k]
