"""Password reset and e-mail change, both confirmed through a link sent by e-mail.

Neither reveals whether an address has an account: a reset request for an unknown address,
and an e-mail change to an address somebody else uses, answer exactly like the successful
case and simply send nothing. Messages go through the outbox (apps/core/outbox.py), so a
broker or mail outage delays them instead of failing the request. The outbox keeps only the kind
of message, the user's id and non-secret parameters; the link and its token are made when the
message is sent (apps/accounts/email_messages.py), so no live link is ever stored.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from apps.accounts import email_messages as messages
from apps.accounts.models import User
from apps.core import outbox
from apps.core.exceptions import ApplicationError

EMAIL_CHANGE_MAX_AGE = 24 * 60 * 60


def _mail(kind: str, user: User, **params: str) -> None:
    """Queue an account e-mail: what to render at send time, never the rendered text."""
    language = user.ui_language or translation.get_language()
    outbox.enqueue(
        "accounts.send_account_email",
        kind=kind,
        user_id=user.pk,
        params={"language": language, **params},
    )


def _invalid_link() -> ApplicationError:
    return ApplicationError(
        _("This link is invalid or has expired."), code="invalid_token", status_code=400
    )


def _check_password_strength(password: str, user: User) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ApplicationError(
            _("The password is too weak."),
            code="weak_password",
            details={"password": list(exc.messages)},
        ) from None


def password_reset_request(*, email: str) -> None:
    """Send a reset link if an active account uses `email`; otherwise do nothing, silently."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    with transaction.atomic():
        _mail(messages.PASSWORD_RESET, user)


def password_reset_confirm(*, uid: str, token: str, password: str) -> User:
    """Set the new password; the link works once and every signed-in device is signed out."""
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uid))), is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        raise _invalid_link() from None
    if not default_token_generator.check_token(user, token):
        raise _invalid_link()
    _check_password_strength(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        _sign_out_everywhere(user)
    return user


def _sign_out_everywhere(user: User) -> None:
    for outstanding in OutstandingToken.objects.filter(user=user):
        BlacklistedToken.objects.get_or_create(token=outstanding)


def email_change_request(*, user: User, password: str, new_email: str) -> None:
    """Mail a confirmation link to the new address (nothing if another account has it)."""
    if not user.check_password(password):
        raise ApplicationError(
            _("The password is incorrect."),
            code="wrong_password",
            details={"password": [_("The password is incorrect.")]},
        )
    new_email = User.objects.normalize_email(new_email).strip()
    if new_email.lower() == user.email.lower():
        raise ApplicationError(
            _("That is already your address."),
            code="same_email",
            details={"new_email": [_("That is already your address.")]},
        )
    if User.objects.filter(email__iexact=new_email).exists():
        return  # same answer as success: no probing which addresses have accounts
    with transaction.atomic():
        _mail(messages.EMAIL_CHANGE, user, old=user.email, new=new_email)


def email_change_confirm(*, token: str) -> User:
    try:
        data: dict[str, Any] = signing.loads(
            token, salt=messages.EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE
        )
        user = User.objects.get(pk=int(data["user"]), is_active=True)
    except (signing.BadSignature, KeyError, TypeError, ValueError, User.DoesNotExist):
        raise _invalid_link() from None
    if user.email != data.get("old"):
        raise _invalid_link()  # used already, or the address changed since
    taken = ApplicationError(
        _("This e-mail address is taken."),
        code="email_taken",
        status_code=409,
        details={"new_email": [_("This e-mail address is taken.")]},
    )
    if User.objects.filter(email__iexact=data["new"]).exclude(pk=user.pk).exists():
        raise taken
    old = user.email
    try:
        with transaction.atomic():
            user.email = data["new"]
            user.save(update_fields=["email"])
            _mail(messages.EMAIL_CHANGED, user, old=old, new=user.email)
    except IntegrityError:
        raise taken from None
    return user
