"""Issued refresh tokens are stored only as a SHA-256 digest.

simplejwt's token_blacklist writes every refresh token it issues, rotates or blacklists into
`OutstandingToken.token` in clear, yet finds rows by `jti` alone and never reads the token back.
A database dump or an admin page was enough to sign in as anyone with a live session. The
library creates those rows from several places (login, rotation on refresh, logout), so the one
place all of them pass through is the model's save: a `pre_save` receiver replaces the token with
its digest. It is a storage rule of a third-party model, not business logic, which is why it
lives in a signal, against our usual rule. Migration `accounts.0002` digested the rows kept before.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models.signals import pre_save
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

PREFIX = "sha256:"


def digest(token: str) -> str:
    """The stored form of a refresh token (idempotent)."""
    if token.startswith(PREFIX):
        return token
    return PREFIX + hashlib.sha256(token.encode()).hexdigest()


def _digest_before_save(sender: Any, instance: OutstandingToken, **kwargs: Any) -> None:
    instance.token = digest(instance.token)


def connect() -> None:
    pre_save.connect(
        _digest_before_save, sender=OutstandingToken, dispatch_uid="accounts.digest_refresh_tokens"
    )
