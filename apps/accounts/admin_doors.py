"""The admin's doors that check a password, through the one limiter (apps/accounts/limits.py):
/admin/login/ and /admin/password_change/, routed in config/urls.py ahead of admin.site.urls.
Each is the admin's own view with a limited form, answered 429 with Retry-After in a lockout."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import PasswordChangeView
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

from apps.accounts.forms import AdminLoginForm, AdminPasswordChangeLimitedForm, lockout_response

admin.site.login_form = AdminLoginForm


def _answer(response: HttpResponseBase) -> HttpResponseBase:
    form = (getattr(response, "context_data", None) or {}).get("form")
    return lockout_response(response, getattr(form, "retry_after", None))


def admin_login(
    request: HttpRequest, extra_context: dict[str, Any] | None = None
) -> HttpResponseBase:
    return _answer(admin.site.login(request, extra_context))


class _PasswordChangeView(PasswordChangeView):
    form_class = AdminPasswordChangeLimitedForm

    def get_form(self, form_class: type[BaseForm] | None = None) -> BaseForm:
        form = super().get_form(form_class)
        assert isinstance(form, AdminPasswordChangeLimitedForm)
        form.request = self.request
        return form


def admin_password_change(request: HttpRequest) -> HttpResponseBase:
    """AdminSite.password_change with the limited form (admin.site.admin_view wraps it)."""
    request.current_app = admin.site.name
    view = _PasswordChangeView.as_view(
        success_url=reverse("admin:password_change_done", current_app=admin.site.name),
        extra_context=admin.site.each_context(request),
        template_name=admin.site.password_change_template
        or "registration/password_change_form.html",
    )
    return _answer(view(request))
