"""One limiter for every door that checks a password or sends an account e-mail (docs/security.md).

Password checks (API login, site sign-in and /admin/login/ through the authentication backend;
e-mail change and account deletion through `password_guard`; /admin/password_change/ through its
form) count failures under three keys, each with its own budget and the same backoff (a lockout
of LOGIN_LOCKOUT_SECONDS that doubles with each further lockout of that key within a day, up to
LOGIN_LOCKOUT_MAX_SECONDS):

- (account, address): LOGIN_FAILURES_PER_ACCOUNT_ADDRESS. An attacker's guesses lock out the
  attacker's address for that account, not the owner signing in from somewhere else.
- address: LOGIN_FAILURES_PER_ADDRESS over all accounts (one address spraying many accounts).
- account: LOGIN_FAILURES_PER_ACCOUNT from all addresses together, set high enough that only a
  distributed attack reaches it.

An address the account signed in from within TRUSTED_ADDRESS_DAYS (or confirmed a reset link
from) passes the address and account locks; only its own pair's lock applies. A browser with the
account's signed device cookie (set by the site's sign-in) is a place of its own: its pair is
(account, device) wherever it is, and it passes the address and account locks too. So the owner at
home is locked out neither by a distributed attack nor by somebody spraying other accounts from
the same shared (carrier-grade NAT) address, while guesses at this account from that address
still meet the pair's limit. (Guesses at this very account from the owner's shared address lock
that pair; the owner's browser with its device cookie still gets in.)

Addresses are the trusted client address (apps/core/client_ip.py); IPv6 counts per /64, the
block one subscriber usually gets, so walking through a prefix earns no fresh budget. Unknown
identifiers are counted exactly like accounts, so a lockout does not tell which accounts exist.

Account e-mails (reset links, e-mail change) are counted per client address and per receiving
inbox in fixed windows (ACCOUNT_EMAIL_RATE_PER_IP, ACCOUNT_EMAIL_RATE), the same whether or not
an account uses the address; invalid links presented to the confirmation doors on the same
budgets (`link_guard`).

Counters live in the default cache under `rl:`; while Redis is down FailOpenRedisCache keeps
`rl:` keys in a per-process memory, so the limits stay bounded per process instead of opening.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext
from rest_framework.request import Request

from apps.accounts.models import User
from apps.core.client_ip import client_ip
from apps.core.exceptions import ApplicationError, TooManyRequests

STRIKE_MEMORY_SECONDS = 24 * 60 * 60  # lockouts within a day make the next one longer
TRUSTED_ADDRESS_DAYS = 30
DEVICE_COOKIE = "cinerec_device"
_DEVICE_SALT = "accounts.login-device"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def lockout(seconds: float) -> TooManyRequests:
    """The 429 every door answers, with the wait in whole minutes for people."""
    wait = max(1, math.ceil(seconds))
    minutes = math.ceil(wait / 60)
    message = ngettext(
        "Too many attempts. Try again in %(minutes)d minute.",
        "Too many attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    return TooManyRequests(message, retry_after=wait)


def address_key(address: str) -> str:
    """The address as counted: IPv4 as is, IPv6 by its /64 network."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "-"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def _key(kind: str, *parts: str) -> str:
    """Counters are named by a keyed digest: no e-mail address, handle or client address sits
    in the cache, nor one that a dictionary of addresses could recover."""
    digest = salted_hmac("accounts.limits", "\x1f".join(parts), algorithm="sha256")
    return f"rl:{kind}:{digest.hexdigest()[:32]}"


def _count(key: str, timeout: int) -> int:
    """Add one to the counter `key` (created with `timeout`) and return the new value."""
    cache.add(key, 0, timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def _wait(key: str) -> float:
    deadline = cache.get(f"{key}:lock")
    return max(0.0, float(deadline) - time.time()) if deadline is not None else 0.0


def _fail(key: str, budget: int) -> None:
    """One more failure; the budget-th starts a lockout twice as long as the previous one."""
    cap = int(settings.LOGIN_LOCKOUT_MAX_SECONDS)
    if _count(f"{key}:n", cap) < budget:
        return
    cache.delete(f"{key}:n")
    strikes = _count(f"{key}:s", STRIKE_MEMORY_SECONDS)
    seconds = min(int(settings.LOGIN_LOCKOUT_SECONDS) * 2 ** min(strikes - 1, 30), cap)
    cache.set(f"{key}:lock", time.time() + seconds, seconds)


def _device_account(request: HttpRequest | Request) -> str | None:
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return None
    try:
        return str(signing.loads(value, salt=_DEVICE_SALT, max_age=TRUSTED_ADDRESS_DAYS * 86400))
    except signing.BadSignature:
        return None


def remember_device(response: HttpResponseBase, *, user: User) -> None:
    """After a sign-in on the site: this browser passes the address and account locks for
    `user` for TRUSTED_ADDRESS_DAYS, wherever it is (a phone whose address keeps changing)."""
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(f"user:{user.pk}", salt=_DEVICE_SALT),
        max_age=TRUSTED_ADDRESS_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


@dataclass(frozen=True)
class PasswordAttempt:
    """One password check by `account` ("user:<id>" or "name:<identifier>") from `address`."""

    account: str
    address: str
    device: bool = False  # the browser carries this account's device cookie

    @classmethod
    def of(
        cls, request: HttpRequest | Request | None, *, user: User | None, identifier: str = ""
    ) -> PasswordAttempt:
        account = f"user:{user.pk}" if user is not None else f"name:{identifier.strip().lower()}"
        if request is None:
            return cls(account=account, address="-")
        device = _device_account(request) == account
        return cls(account=account, address=address_key(client_ip(request)), device=device)

    @property
    def _pair(self) -> str:
        """The account with the place it is tried from: the address, or the owner's browser."""
        return _key("login-pair", self.account, "device" if self.device else self.address)

    @property
    def _from_address(self) -> str:
        return _key("login-address", self.address)

    @property
    def _on_account(self) -> str:
        return _key("login-account", self.account)

    @property
    def _trusted(self) -> str:
        return _key("login-trusted", self.account, self.address)

    def check(self) -> None:
        """Raise the lockout (429) before any password is hashed, if one applies."""
        waits = [_wait(self._pair)]
        if not self.device and cache.get(self._trusted) is None:  # the owner passes wider locks
            waits += [_wait(self._from_address), _wait(self._on_account)]
        if max(waits) > 0:
            raise lockout(max(waits))

    def failed(self) -> None:
        _fail(self._pair, int(settings.LOGIN_FAILURES_PER_ACCOUNT_ADDRESS))
        _fail(self._from_address, int(settings.LOGIN_FAILURES_PER_ADDRESS))
        _fail(self._on_account, int(settings.LOGIN_FAILURES_PER_ACCOUNT))

    def succeeded(self) -> None:
        """The owner is here: forget this pair's failures and trust the address for a while.
        The address's and the account's own counts stay (a success elsewhere proves nothing)."""
        cache.delete(f"{self._pair}:n")
        cache.delete(f"{self._pair}:s")
        cache.set(self._trusted, 1, TRUSTED_ADDRESS_DAYS * 86400)


def trust_address(request: HttpRequest | Request, *, user: User) -> None:
    """The person proved they own `user` another way (a reset link): as a successful sign-in,
    so the owner locked out by a distributed attack gets in from here after a reset."""
    PasswordAttempt.of(request, user=user).succeeded()


@contextmanager
def password_guard(request: HttpRequest | Request, *, user: User) -> Iterator[None]:
    """Around a service that checks `user`'s password and raises ApplicationError with code
    "wrong_password" when it is wrong (e-mail change, account deletion): the same budgets as
    signing in, checked before the password is."""
    attempt = PasswordAttempt.of(request, user=user)
    attempt.check()
    try:
        yield
    except ApplicationError as exc:
        if exc.code == "wrong_password":
            attempt.failed()
        raise
    attempt.succeeded()


def _rate(rate: str) -> tuple[int, int]:
    """ "10/h" -> (10, 3600); the unit may carry a multiple: "5/15m"."""
    count, _slash, period = rate.partition("/")
    multiple = period[:-1] or "1"
    return int(count), int(multiple) * _UNITS[period[-1]]


@dataclass(frozen=True)
class _Window:
    key: str
    limit: int
    seconds: int
    left: float  # until the window ends


def _email_windows(request: HttpRequest | Request, flow: str, target: str) -> list[_Window]:
    """This window's counters of `flow` for the client and for `target` (known or not alike,
    so the answer does not tell whether an account exists)."""
    now = time.time()
    windows = []
    for side, name, rate in (
        ("client", address_key(client_ip(request)), settings.ACCOUNT_EMAIL_RATE_PER_IP),
        ("target", target.strip().lower(), settings.ACCOUNT_EMAIL_RATE),
    ):
        limit, seconds = _rate(rate)
        slot = int(now // seconds)
        key = f"{_key(f'{flow}-{side}', name)}:{slot}"
        windows.append(_Window(key, limit, seconds, (slot + 1) * seconds - now))
    return windows


def account_email_spend(request: HttpRequest | Request, *, flow: str, target: str) -> None:
    """Count one request that may send an account e-mail to `target`; 429 once the client or
    the target used up its budget."""
    for window in _email_windows(request, flow, target):
        if _count(window.key, window.seconds) > window.limit:
            raise lockout(window.left)


@contextmanager
def link_guard(request: HttpRequest | Request, *, flow: str, target: str) -> Iterator[None]:
    """Around checking an e-mailed link (a service raising ApplicationError "invalid_token"):
    only invalid links count, on the same budgets, so a person retrying a weak password does
    not use them up."""
    windows = _email_windows(request, flow, target)
    for window in windows:
        if int(cache.get(window.key) or 0) >= window.limit:
            raise lockout(window.left)
    try:
        yield
    except ApplicationError as exc:
        if exc.code == "invalid_token":
            for window in windows:
                _count(window.key, window.seconds)
        raise
