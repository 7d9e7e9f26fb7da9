"""The account e-mails, rendered when they are sent, never before.

The outbox row of an account e-mail (apps/core/outbox.py) holds only the kind of message, the
user's id and non-secret parameters (the language, the addresses involved). The link's token is
made here, at send time: Django's password-reset tokens are stateless (a hash of the password
hash, the last login and a timestamp) and the e-mail-change token is a signed payload, so
nothing secret is ever stored, in the database, the broker or the admin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from apps.accounts.models import User

EMAIL_CHANGE_SALT = "accounts.email-change"

PASSWORD_RESET = "password_reset"  # noqa: S105 (a kind of message, not a password)
EMAIL_CHANGE = "email_change"
EMAIL_CHANGED = "email_changed"


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _password_reset(user: User, params: dict[str, Any]) -> Message | None:
    if not user.is_active or not user.has_usable_password():
        return None
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = _link(f"/account/reset/{uid}/{default_token_generator.make_token(user)}")
    body = _(
        "Someone asked to reset the password of your CineRec account.\n\n"
        "To choose a new password, open this link within %(days)s days:\n%(link)s\n\n"
        "If it was not you, ignore this message: your password stays as it is."
    ) % {"link": link, "days": settings.PASSWORD_RESET_TIMEOUT // 86400}
    return Message(user.email, _("Reset your CineRec password"), body)


def email_change_token(*, user_id: int, old: str, new: str) -> str:
    return signing.dumps({"user": user_id, "old": old, "new": new}, salt=EMAIL_CHANGE_SALT)


def _email_change(user: User, params: dict[str, Any]) -> Message | None:
    if not user.is_active or user.email != params["old"]:
        return None  # the address changed since the request: the link could not work anyway
    token = email_change_token(user_id=user.pk, old=params["old"], new=params["new"])
    body = _(
        "To use this address for your CineRec account, open this link within a day:\n"
        "%(link)s\n\nIf you did not ask for this, ignore this message."
    ) % {"link": _link(f"/account/email/{token}")}
    return Message(params["new"], _("Confirm your new CineRec e-mail address"), body)


def _email_changed(user: User, params: dict[str, Any]) -> Message | None:
    body = _(
        "The e-mail address of your CineRec account is now %(new)s. If you did "
        "not do this, reset your password right away."
    ) % {"new": params["new"]}
    return Message(params["old"], _("Your CineRec e-mail address was changed"), body)


RENDERERS: dict[str, Callable[[User, dict[str, Any]], Message | None]] = {
    PASSWORD_RESET: _password_reset,
    EMAIL_CHANGE: _email_change,
    EMAIL_CHANGED: _email_changed,
}


def render(*, kind: str, user_id: int, params: dict[str, Any]) -> Message | None:
    """The message to send now, in the user's language; None when there is nothing to send."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return None  # the account was deleted meanwhile
    with translation.override(params.get("language") or settings.LANGUAGE_CODE):
        return RENDERERS[kind](user, params)
