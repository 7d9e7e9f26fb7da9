"""The pages the account e-mails link to: choose a new password (`/account/reset/<uid>/<token>`)
and confirm a new e-mail address (`/account/email/<token>`), plus asking for a reset link. They
call the same services as `POST /api/auth/password/reset[/confirm]` and
`POST /api/auth/email/confirm` (apps.accounts.email_flows)."""

from __future__ import annotations

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.accounts import email_flows
from apps.accounts.forms import lockout_response
from apps.accounts.limits import account_email_spend, link_guard, trust_address
from apps.core.exceptions import ApplicationError, TooManyRequests
from apps.web.forms import NewPasswordForm, PasswordResetRequestForm


def _locked(
    request: HttpRequest, template: str, exc: TooManyRequests, form: Form | None = None
) -> HttpResponse:
    """The page again with the limit's message (apps/accounts/limits.py), answered 429."""
    if form is not None:
        form.add_error(None, exc.message)
    else:
        messages.error(request, exc.message)
    return lockout_response(render(request, template, {"form": form}), exc.retry_after)


@require_http_methods(["GET", "POST"])
def reset_request(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:  # the API's budgets, known address or not
            account_email_spend(request, flow="account-email", target=email)
        except TooManyRequests as exc:
            return _locked(request, "web/reset_request.html", exc, form)
        email_flows.password_reset_request(email=email)
        # the same answer whether or not an account has the address
        messages.info(request, _("If an account uses that address, a reset link is on its way."))
        return redirect("web:signin")
    return render(request, "web/reset_request.html", {"form": form})


@require_http_methods(["GET", "POST"])
def reset_confirm(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with link_guard(request, flow="reset-confirm", target=uid):
                user = email_flows.password_reset_confirm(
                    uid=uid, token=token, password=form.cleaned_data["password"]
                )
        except TooManyRequests as exc:
            return _locked(request, "web/reset_confirm.html", exc, form)
        except ApplicationError as exc:
            if exc.code == "weak_password":
                for message in (exc.details or {}).get("password", []):
                    form.add_error("password", message)
            else:
                return render(request, "web/link_invalid.html", status=400)
        else:
            trust_address(request, user=user)  # the link proved the owner: no lockout here
            messages.success(request, _("Your password is changed. Sign in with it."))
            return redirect("web:signin")
    return render(request, "web/reset_confirm.html", {"form": form})


@require_http_methods(["GET", "POST"])
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links; only the POST changes the address)."""
    if request.method == "POST":
        try:
            with link_guard(request, flow="email-confirm", target=token):
                user = email_flows.email_change_confirm(token=token)
        except TooManyRequests as exc:
            return _locked(request, "web/email_confirm.html", exc)
        except ApplicationError as exc:
            if exc.code == "email_taken":
                return render(request, "web/link_invalid.html", {"taken": True}, status=409)
            return render(request, "web/link_invalid.html", status=400)
        messages.success(
            request, _("Your e-mail address is now %(email)s.") % {"email": user.email}
        )
        return redirect("web:profile" if request.user.is_authenticated else "web:signin")
    return render(request, "web/email_confirm.html")
