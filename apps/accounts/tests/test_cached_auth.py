"""JWT authentication with the user from a short-lived cache entry (apps/accounts/cached_auth.py):
no query on a hit, and every change to a user ends their cached copies at once."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from apps.accounts import cached_auth
from apps.accounts.cached_auth import CachedJWTAuthentication, cached_user
from apps.accounts.models import User
from apps.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def bearer(user: Any) -> str:
    return f"Bearer {RefreshToken.for_user(user).access_token}"


def authenticate(user: Any, token: str | None = None) -> User:
    request = RequestFactory().get("/", HTTP_AUTHORIZATION=token or bearer(user))
    found = CachedJWTAuthentication().authenticate(request)  # type: ignore[arg-type]
    assert found is not None
    return found[0]  # type: ignore[return-value]


def profile(user: Any, token: str | None = None) -> Any:
    return APIClient().get(reverse("user-api:profile"), HTTP_AUTHORIZATION=token or bearer(user))


def test_a_second_request_reads_no_row(django_assert_num_queries):
    user = UserFactory()
    token = bearer(user)  # issuing it writes the refresh token's row
    first = authenticate(user, token)
    with django_assert_num_queries(0):
        again = authenticate(user, token)

    assert first.pk == again.pk == user.pk
    assert again.email == user.email
    assert again.is_authenticated


def test_a_deactivated_user_loses_access_at_once():
    user = UserFactory()
    token = bearer(user)
    assert profile(user, token).status_code == 200
    assert profile(user, token).status_code == 200  # from the cached entry
    assert cached_user(user.pk) is not None

    user.is_active = False
    user.save()
    response = profile(user, token)

    assert response.status_code == 401
    assert response.json()["error"]["code"] in {"user_inactive", "authentication_failed"}


def test_a_deleted_user_loses_access_at_once():
    user = UserFactory()
    token = bearer(user)
    assert profile(user, token).status_code == 200
    assert cached_user(user.pk) is not None

    User.objects.filter(pk=user.pk).delete()  # a queryset delete sends the signals too

    assert cached_user(user.pk) is None
    assert profile(user, token).status_code == 401


def test_a_password_change_ends_the_cached_copy():
    user = UserFactory()
    authenticate(user)
    assert cached_user(user.pk) is not None

    user.set_password("a new password 123")
    user.save()

    assert cached_user(user.pk) is None


def test_with_token_revocation_on_a_changed_password_the_old_token_is_refused(monkeypatch):
    # the settings object simplejwt's modules (and this one) imported: overriding SIMPLE_JWT
    # rebinds a new one that they never see
    monkeypatch.setattr(cached_auth.api_settings, "CHECK_REVOKE_TOKEN", True)
    user = UserFactory()
    token = bearer(user)
    assert profile(user, token).status_code == 200
    assert profile(user, token).status_code == 200  # from the cached entry, digest checked

    user.set_password("a new password 123")
    user.save()

    assert profile(user, token).status_code == 401
    assert profile(user, bearer(user)).status_code == 200


def test_a_group_change_ends_the_cached_copy():
    user = UserFactory()
    authenticate(user)
    group = Group.objects.create(name="readers")

    group.user_set.add(user)  # from the group's side

    assert cached_user(user.pk) is None
    authenticate(user)
    user.groups.remove(group)
    assert cached_user(user.pk) is None


def test_a_row_read_before_a_save_is_never_trusted_after_it():
    """A request read the row, a save (and its commit) landed, then the request stored the row:
    the stored copy carries the generation the save replaced."""
    user = UserFactory()
    stamp = cached_auth.generation_before_read(user.pk)
    assert stamp is not None
    old = User.objects.get(pk=user.pk)
    User.objects.get(pk=user.pk).save()  # another request deactivates, renames, ...

    cached_auth.store(old, stamp)

    assert cached_user(user.pk) is None


def test_an_evicted_generation_trusts_nothing():
    user = UserFactory()
    authenticate(user)
    cache.delete(cached_auth._generation_key(user.pk))

    assert cached_user(user.pk) is None


def test_the_cached_copy_holds_no_password_hash_and_saving_it_keeps_the_password():
    user = UserFactory()
    authenticate(user)
    entry = cached_user(user.pk)
    assert entry is not None
    assert "password" not in entry.user.__dict__
    assert "password" in entry.user.get_deferred_fields()

    entry.user.display_name = "Renamed"
    entry.user.save()
    fresh = User.objects.get(pk=user.pk)

    assert fresh.display_name == "Renamed"
    assert fresh.check_password(TEST_PASSWORD)
    assert entry.user.check_password(TEST_PASSWORD)  # reading the field loads it


def test_an_inactive_user_is_refused_and_never_cached():
    user = UserFactory(is_active=False)
    with pytest.raises(AuthenticationFailed):
        authenticate(user)
    assert cached_user(user.pk) is None


@pytest.fixture
def local_memory():
    if not isinstance(caches["default"], LocMemCache):
        pytest.skip("the epoch file guards the per-process cache only")


def test_another_process_writing_a_user_ends_this_process_copy(local_memory, tmp_path, monkeypatch):
    """Local memory is per process: a save in another process (here: its epoch write, as that
    process would do it) must end this process's copy although its cache never heard of it."""
    path = tmp_path / "db.sqlite3.auth-epoch"
    monkeypatch.setattr(cached_auth.epoch, "_path", lambda: path)
    user = UserFactory()
    authenticate(user)
    assert cached_user(user.pk) is not None

    path.write_text("another process's epoch")

    assert cached_user(user.pk) is None
    authenticate(user)
    assert cached_user(user.pk) is not None


def test_local_memory_on_a_database_other_hosts_share_caches_nothing(
    local_memory, monkeypatch, django_assert_num_queries
):
    """Per-process caches on PostgreSQL may sit on several hosts the epoch file cannot reach."""
    monkeypatch.setattr(connections["default"], "vendor", "postgresql")
    user = UserFactory()
    token = bearer(user)
    authenticate(user, token)

    assert cached_auth._mode() == "off"
    assert cached_user(user.pk) is None
    with django_assert_num_queries(1):
        authenticate(user, token)


def test_a_token_verified_before_is_still_refused_once_expired():
    user = UserFactory()
    access = AccessToken.for_user(user)
    access.set_exp(lifetime=timedelta(seconds=2))
    token = f"Bearer {access}"
    authenticate(user, token)
    authenticate(user, token)  # the second from the verified-token memo
    assert cached_auth.verified_tokens.get(str(access).encode()) is not None

    time.sleep(2.1)

    with pytest.raises(InvalidToken):
        authenticate(user, token)


def test_a_tampered_token_is_refused_after_the_genuine_one_was_verified():
    user = UserFactory()
    other = UserFactory()
    token = bearer(user)
    authenticate(user, token)
    header, _payload, signature = token.removeprefix("Bearer ").split(".")
    forged_payload = bearer(other).removeprefix("Bearer ").split(".")[1]

    with pytest.raises(InvalidToken):
        authenticate(user, f"Bearer {header}.{forged_payload}.{signature}")


def test_local_memory_on_a_sqlite_uri_the_epoch_does_not_follow_caches_nothing(
    local_memory, monkeypatch
):
    settings_dict = {**connections["default"].settings_dict, "NAME": "file:/srv/db.sqlite3?mode=rw"}
    monkeypatch.setattr(connections["default"], "settings_dict", settings_dict)

    assert cached_auth._mode() == "off"
