"""JWT authentication that finds the signed-in user in a short-lived cache entry (issue 25).

simplejwt's `JWTAuthentication` reads the user's row on every request (and on SQLite, where
connections are not kept, opens a connection for it). Here the token is verified exactly as
before (signature, expiry, type: `get_validated_token`), and the user comes from a cache entry
written when the row was last read, checked as simplejwt checks it (active; the password digest
when `CHECK_REVOKE_TOKEN` is on). A miss reads the row as before.

Security first: every change to a user reaches every process at once.
- A save or delete of a user, or a change of their groups, replaces the user's *generation* (a
  random token in the cache) now and again after the transaction commits; an entry is trusted
  only while it carries the current generation, so a deactivated, deleted or re-passworded user
  loses access on their next request. (Two writes: a request that read the row between the save
  and the commit stored the old row under the first new generation; the second one ends it.)
- A missing generation (never written, evicted, expired) trusts nothing: it is created before
  the row is read and stored with it.
- Where the cache is per process (local memory), another process's write never reaches this
  process's cache, so entries also carry the host's *epoch*, a random token in a file beside the
  SQLite database that any write of a user replaces. Only SQLite is one host by construction: on
  local memory with any other database (possibly several hosts) nothing is cached.
- Entries live ENTRY_TTL seconds: the bound for a write that sends no signal (a queryset
  `update()` of users; none in this code base) or that the cache lost (Redis unreachable at the
  moment of the save: the fail-open cache, apps/core/redis_cache.py).

The token's signature is checked once per process for the same bytes (`_VerifiedTokens`): a
repeat of a token already verified here skips the HMAC and JSON decoding, never the expiry.

The cached copy carries no password hash (nothing more sensitive than before sits in Redis): the
field is left deferred, so reading `user.password` loads it, and `save()` writes only the fields
that were loaded, never an empty password.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext as _
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import AccessToken, Token
from rest_framework_simplejwt.utils import aware_utcnow, get_md5_hash_password

from apps.accounts.models import User
from apps.core.converters import MAX_ID
from apps.core.numbers import parse_int

logger = logging.getLogger(__name__)

ENTRY_TTL = 60  # seconds
GENERATION_TTL = 24 * 60 * 60  # an expired generation only costs a miss


@dataclass(frozen=True)
class Entry:
    user: User  # the row as read, without its password hash (a deferred field)
    generation: str
    epoch: str
    password_digest: str  # md5 of the hash, for CHECK_REVOKE_TOKEN ("" when it is off)


def _entry_key(user_id: int) -> str:
    return f"auth:user:{user_id}"


def _generation_key(user_id: int) -> str:
    return f"auth:user:{user_id}:gen"


# -- where the cache reaches -------------------------------------------------------------


def _mode() -> str:
    """ "shared": one cache for every process (Redis, memcached, a database cache); "host": a
    per-process cache on a one-host database (SQLite), kept honest by the epoch file; "off":
    a per-process cache that other hosts' writes cannot reach, or no cache at all."""
    backend = caches["default"]  # `cache` is a proxy: isinstance never sees the backend
    if isinstance(backend, DummyCache):
        return "off"
    if isinstance(backend, LocMemCache):
        database = connections["default"]
        name = str(database.settings_dict.get("NAME") or "")
        if database.vendor != "sqlite" or (name.startswith("file:") and "mode=memory" not in name):
            return "off"  # other hosts, or a URI naming a file the epoch does not follow
        return "host"
    return "shared"


class _Epoch:
    """The host's epoch: a random token in a file beside the SQLite database (every process
    that can write a user can write there), or in this process when the database lives in
    memory (no other process sees it)."""

    def __init__(self) -> None:
        self._memory = secrets.token_hex(8)
        self._lock = threading.Lock()

    def _path(self) -> Path | None:
        name = str(connections["default"].settings_dict.get("NAME") or "")
        if not name or name == ":memory:" or "mode=memory" in name:
            return None
        return Path(name).with_name(Path(name).name + ".auth-epoch")

    def read(self) -> str | None:
        """The current epoch; None when the file can be neither read nor created (no cache)."""
        path = self._path()
        if path is None:
            return self._memory
        try:
            return path.read_text() or None
        except FileNotFoundError:
            return self.bump()
        except OSError:
            return None

    def bump(self) -> str | None:
        token = secrets.token_hex(8)
        path = self._path()
        if path is None:
            self._memory = token
            return token
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            with self._lock:
                tmp.write_text(token)
                os.replace(tmp, path)  # atomic: readers see the old token or the new one
        except OSError:
            # the other processes keep their copies until ENTRY_TTL: say so loudly
            logger.exception("could not replace the auth epoch file %s", path)
            return None
        return token


epoch = _Epoch()


# -- reads and writes ----------------------------------------------------------------------


def cached_user(user_id: int) -> Entry | None:
    """The entry for this user when it is still the truth (one cache round trip)."""
    mode = _mode()
    if mode == "off":
        return None
    found = cache.get_many([_entry_key(user_id), _generation_key(user_id)])
    entry = found.get(_entry_key(user_id))
    generation = found.get(_generation_key(user_id))
    if not isinstance(entry, Entry) or not generation or entry.generation != generation:
        return None
    if mode == "host" and entry.epoch != epoch.read():
        return None
    return entry


def generation_before_read(user_id: int) -> tuple[str, str] | None:
    """(generation, epoch) to store the row about to be read under; None: do not cache."""
    mode = _mode()
    if mode == "off":
        return None
    key = _generation_key(user_id)
    cache.add(key, secrets.token_hex(8), timeout=GENERATION_TTL)
    generation = cache.get(key)
    current = epoch.read() if mode == "host" else ""
    if not generation or current is None:
        return None
    return str(generation), current


def store(user: User, stamp: tuple[str, str]) -> None:
    state = dict(user.__dict__)
    state.pop("password", None)
    copy = User.__new__(User)
    copy.__dict__.update(state)
    digest = get_md5_hash_password(user.password) if api_settings.CHECK_REVOKE_TOKEN else ""
    cache.set(_entry_key(user.pk), Entry(copy, stamp[0], stamp[1], digest), timeout=ENTRY_TTL)


def forget_user(user_id: int) -> None:
    """Every cached copy of this user is stale: now, and again once the transaction commits."""

    def forget() -> None:
        mode = _mode()
        if mode == "off":
            return
        cache.set(_generation_key(user_id), secrets.token_hex(8), timeout=GENERATION_TTL)
        cache.delete(_entry_key(user_id))
        if mode == "host":
            epoch.bump()

    forget()
    transaction.on_commit(forget)


def _on_user_saved_or_deleted(sender: Any, instance: User, **_: Any) -> None:
    if instance.pk is not None:
        forget_user(instance.pk)


def _on_groups_changed(sender: Any, instance: Any, action: str, pk_set: Any, **_: Any) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, User):
        forget_user(instance.pk)
    elif pk_set:  # from the group's side: the users named
        for user_id in pk_set:
            forget_user(user_id)


def connect() -> None:
    """Called from AccountsConfig.ready()."""
    uid = "accounts.cached_auth"
    post_save.connect(_on_user_saved_or_deleted, sender=User, dispatch_uid=f"{uid}.save")
    post_delete.connect(_on_user_saved_or_deleted, sender=User, dispatch_uid=f"{uid}.delete")
    for through in (User.groups.through, User.user_permissions.through):
        m2m_changed.connect(_on_groups_changed, sender=through, dispatch_uid=f"{uid}.{through}")


class _VerifiedTokens:
    """Access tokens this process has verified (signature, type, id), by their exact bytes: a
    repeat skips the signature check, which gives the same answer for the same bytes under the
    same key, but never the expiry check. Only for simplejwt's plain AccessToken (a token class
    with a blacklist reads the database in `verify`, which must not be skipped); cleared when
    the SIMPLE_JWT or SECRET_KEY settings change (tests)."""

    SIZE = 4096

    def __init__(self) -> None:
        self._payloads: dict[bytes, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def applies(self) -> bool:
        return tuple(api_settings.AUTH_TOKEN_CLASSES) == (AccessToken,)

    def get(self, raw: bytes) -> AccessToken | None:
        payload = self._payloads.get(raw)
        if payload is None:
            return None
        exp = payload.get("exp")  # the claim simplejwt's check_exp reads
        if not isinstance(exp, int | float) or exp <= time.time():
            self._payloads.pop(raw, None)  # the library says why (expired): verify it again
            return None
        token = AccessToken.__new__(AccessToken)
        token.token = raw  # type: ignore[assignment]
        token.current_time = aware_utcnow()
        token.payload = dict(payload)
        return token

    def add(self, raw: bytes, token: Token) -> None:
        with self._lock:
            if len(self._payloads) >= self.SIZE:
                self._payloads.pop(next(iter(self._payloads)))  # the oldest
            self._payloads[raw] = dict(token.payload)

    def clear(self, **kwargs: Any) -> None:
        if kwargs.get("setting") in {None, "SIMPLE_JWT", "SECRET_KEY"}:
            with self._lock:
                self._payloads.clear()


verified_tokens = _VerifiedTokens()
setting_changed.connect(verified_tokens.clear, dispatch_uid="accounts.cached_auth.tokens")


class CachedJWTAuthentication(JWTAuthentication):
    """simplejwt's JWTAuthentication with the user from the cache (see the module's notes)."""

    def get_validated_token(self, raw_token: bytes) -> Token:
        if not verified_tokens.applies():
            return super().get_validated_token(raw_token)
        found = verified_tokens.get(raw_token)
        if found is not None:
            return found
        token = super().get_validated_token(raw_token)
        verified_tokens.add(raw_token, token)
        return token

    def get_user(self, validated_token: Token) -> User:  # type: ignore[override]
        try:
            user_id = validated_token[api_settings.USER_ID_CLAIM]
        except KeyError as e:
            raise InvalidToken(_("Token contained no recognizable user identification")) from e
        # simplejwt writes the id as text; anything but a plain id goes the library's way
        pk = parse_int(str(user_id), minimum=1, maximum=MAX_ID)
        if api_settings.USER_ID_FIELD != "id" or pk is None:
            return super().get_user(validated_token)  # type: ignore[return-value]
        entry = cached_user(pk)
        if entry is None:
            stamp = generation_before_read(pk)
            user: User = super().get_user(validated_token)  # type: ignore[assignment]
            if stamp is not None:
                store(user, stamp)
            return user
        if api_settings.CHECK_USER_IS_ACTIVE and not entry.user.is_active:
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        if api_settings.CHECK_REVOKE_TOKEN and (
            validated_token.get(api_settings.REVOKE_TOKEN_CLAIM) != entry.password_digest
        ):
            raise AuthenticationFailed(
                _("The user's password has been changed."), code="password_changed"
            )
        return entry.user
