"""Reads of the recommender that depend on who is asking."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.converters import MAX_ID
from apps.core.exceptions import ApplicationError, NotFoundError
from apps.core.numbers import parse_int


def visible_user(*, viewer: Any, user_id: int | str | None) -> User:
    """Whose data this caller may see: the one rule for every per-user ML endpoint.

    - anonymous: nobody's (401 `not_authenticated`);
    - a user asking for themselves (or naming no one): themselves;
    - a user asking for another user: 403 `permission_denied`;
    - staff: anyone, 404 `not_found` for an id that names no user;
    - an id that is not 1-10 ASCII digits in the id range: 400 `validation_error`, for anyone.
    """
    if not isinstance(viewer, User) or not viewer.is_authenticated:
        raise ApplicationError(
            _("Sign in to see recommendation data."), code="not_authenticated", status_code=401
        )
    if user_id is None or user_id == "":
        return viewer
    wanted = parse_int(user_id, minimum=1, maximum=MAX_ID)
    if wanted is None:  # "²", "٣", "1e9999", 5000 digits: bad input, whoever asks
        message = _("A valid integer is required.")  # DRF's wording, translated by its catalogue
        raise ApplicationError(message, code="validation_error", details={"user_id": [message]})
    if wanted == viewer.pk:
        return viewer
    if not viewer.is_staff:
        raise ApplicationError(
            _("You can only see your own recommendation data."),
            code="permission_denied",
            status_code=403,
            details={"user_id": user_id},
        )
    found = User.objects.filter(pk=wanted).first()
    if found is None:
        raise NotFoundError(
            _("User %(user_id)s does not exist.") % {"user_id": user_id},
            details={"user_id": user_id},
        )
    return found
