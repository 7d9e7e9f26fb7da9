"""Who is looking at a page: the signed-in user, or None for a visitor."""

from __future__ import annotations

from django.http import HttpRequest

from apps.accounts.models import User


def viewer(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None
