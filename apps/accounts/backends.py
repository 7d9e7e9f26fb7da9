"""Sign in with the e-mail address or the username: people remember the handle they just chose.

Every password check through `authenticate()` (API login, site sign-in, /admin/login/) passes
the one limiter here (apps/accounts/limits.py): a lockout raises TooManyRequests before any
password is hashed, and each result is counted."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from apps.accounts.limits import PasswordAttempt
from apps.accounts.models import User
from apps.accounts.selectors import user_for_login


class EmailOrUsernameBackend(ModelBackend):
    """`username` (or `email`) may be either identifier; the password check is Django's own."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        identifier = username or kwargs.get("email") or kwargs.get(User.USERNAME_FIELD)
        if not identifier or password is None:
            return None
        user = user_for_login(identifier=identifier)
        attempt = PasswordAttempt.of(request, user=user, identifier=identifier)
        attempt.check()
        if user is None:
            # Same work as a real check, so response time does not tell which accounts exist.
            User().set_password(password)
        elif user.check_password(password) and self.user_can_authenticate(user):
            attempt.succeeded()
            return user
        attempt.failed()
        return None
