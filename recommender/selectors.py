"""Reads of the recommender that depend on who is asking."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import ApplicationError, NotFoundError


def visible_user(*, viewer: Any, user_id: int | str | None) -> User:
    """Whose data this caller may see: the one rule for every per-user ML endpoint.

    - anonymous: nobody's (401 `not_authenticated`);
    - a user asking for themselves (or naming no one): themselves;
    - a user asking for another user: 403 `permission_denied`;
    - staff: anyone, 404 `not_found` for an id that names no user.
    """
    if not isinstance(viewer, User) or not viewer.is_authenticated:
        raise ApplicationError(
            _("Sign in to see recommendation data."), code="not_authenticated", status_code=401
        )
    if user_id is None or str(user_id) == "" or str(user_id) == str(viewer.pk):
        return viewer
    if not viewer.is_staff:
        raise ApplicationError(
            _("You can only see your own recommendation data."),
            code="permission_denied",
            status_code=403,
            details={"user_id": user_id},
        )
    found = User.objects.filter(pk=int(user_id)).first() if str(user_id).isdigit() else None
    if found is None:
        raise NotFoundError(
            _("User %(user_id)s does not exist.") % {"user_id": user_id},
            details={"user_id": user_id},
        )
    return found
