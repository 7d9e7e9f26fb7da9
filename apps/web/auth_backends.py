"""Sign in with the username or the e-mail address (the User's USERNAME_FIELD is the e-mail)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest

from apps.accounts.models import User


class UsernameOrEmailBackend(ModelBackend):
    """ModelBackend that looks the login up by e-mail (case-insensitive) or exact username.

    A username that is someone else's e-mail cannot hijack that account: e-mail matches win.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        login = username if username is not None else kwargs.get(User.USERNAME_FIELD)
        if not login or password is None:
            return None
        candidates = list(
            User.objects.filter(Q(email__iexact=login) | Q(username=login)).order_by("id")[:2]
        )
        candidates.sort(key=lambda u: u.email.lower() != login.lower())
        for user in candidates:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        if not candidates:
            User().set_password(password)  # same work as a real check: no timing oracle
        return None
