"""Forms that check a password meet the limiter (apps/accounts/limits.py): sign-in forms through
`authenticate()`, the admin's password change directly. A lockout becomes the form's error and
the page's 429 with Retry-After (`lockout_response`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm, AdminPasswordChangeForm
from django.http import HttpRequest, HttpResponseBase

from apps.accounts.limits import PasswordAttempt
from apps.core.exceptions import TooManyRequests

R = TypeVar("R", bound=HttpResponseBase)


class LockoutFormMixin:
    """`with self.limited():` around the password check; `retry_after` tells the view."""

    retry_after: int | None = None

    @contextmanager
    def limited(self) -> Iterator[None]:
        try:
            yield
        except TooManyRequests as exc:
            self.retry_after = exc.retry_after
            raise forms.ValidationError(exc.message, code=exc.code) from None


def lockout_response(response: R, retry_after: int | None) -> R:
    """The page as rendered, answered 429 with Retry-After when a limit was met."""
    if retry_after:
        response.status_code = 429
        response["Retry-After"] = str(retry_after)
    return response


class AdminLoginForm(LockoutFormMixin, AdminAuthenticationForm):
    """/admin/login/'s form (admin.site.login_form, set in apps/accounts/admin_doors.py)."""

    def clean(self) -> dict[str, Any]:
        with self.limited():
            return super().clean()


class AdminPasswordChangeLimitedForm(LockoutFormMixin, AdminPasswordChangeForm):
    """/admin/password_change/'s form: the old password is checked on the sign-in budgets."""

    request: HttpRequest | None = None

    def clean_old_password(self) -> str:
        attempt = PasswordAttempt.of(self.request, user=self.user)
        with self.limited():
            attempt.check()
        try:
            old_password = super().clean_old_password()
        except forms.ValidationError:
            attempt.failed()
            raise
        attempt.succeeded()
        return str(old_password)
