"""Forms that check a password meet the limiter (apps/accounts/limits.py) through
`authenticate()`; a lockout becomes the form's error and the page's 429 with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpResponse

from apps.core.exceptions import TooManyRequests


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


def lockout_response(response: HttpResponse, retry_after: int | None) -> HttpResponse:
    """The page as rendered, answered 429 with Retry-After when a limit was met."""
    if retry_after:
        response.status_code = 429
        response["Retry-After"] = str(retry_after)
    return response


class AdminLoginForm(LockoutFormMixin, AdminAuthenticationForm):
    """/admin/login/'s form (admin.site.login_form, set in apps/accounts/admin.py)."""

    def clean(self) -> dict[str, Any]:
        with self.limited():
            return super().clean()
