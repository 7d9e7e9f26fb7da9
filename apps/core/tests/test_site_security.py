"""Site security: CSP on every response, CSRF on forms, production cookie and HSTS settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/api/content/trending", "/admin/login/"])
def test_every_response_has_a_self_only_policy(client, path):
    policy = _directives(client.get(path)["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline or third-party script
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_api_docs_page_has_no_inline_script(client):
    page = client.get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<script>" not in html
    assert _directives(page["Content-Security-Policy"])["script-src"] == ["'self'"]
    assert client.get("/api/docs/?script=").status_code == 200  # the start-up script, a file


@pytest.mark.django_db
def test_admin_login_form_needs_the_csrf_token(django_user_model):
    from django.test import Client

    django_user_model.objects.create_user(
        email="staff@example.com", username="staff", password="x-very-long-pass", is_staff=True
    )
    strict = Client(enforce_csrf_checks=True)
    body = {"username": "staff@example.com", "password": "x-very-long-pass"}
    assert strict.post("/admin/login/", body).status_code == 403
    page = strict.get("/admin/login/")
    token = page.cookies["csrftoken"].value
    signed_in = strict.post("/admin/login/", {**body, "csrfmiddlewaretoken": token})
    assert signed_in.status_code == 302


def test_production_settings_pass_check_deploy():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_ALLOWED_HOSTS": "example.com",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-check-" + "y" * 30,
        "EMAIL_HOST": "smtp.example.com",
    }
    done = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SESSION_ENGINE]))"
    )
    shown = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    secure_session, secure_csrf, hsts, engine = json.loads(shown.stdout.strip().splitlines()[-1])
    assert secure_session is True
    assert secure_csrf is True
    assert hsts >= 30 * 24 * 3600
    assert engine == "django.contrib.sessions.backends.db"


def _production_settings(**env: str) -> subprocess.CompletedProcess[str]:
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("EMAIL_") and key != "DJANGO_SETTINGS_MODULE"
    }
    script = "import config.settings.production as s; print(s.EMAIL_BACKEND)"
    return subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **base,
            "DJANGO_ALLOWED_HOSTS": "example.com",
            "DJANGO_SECRET_KEY": "z" * 60,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "env",
    [
        {},  # no EMAIL_HOST: the console backend would print reset links
        {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
        {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"},  # SMTP to nowhere
        {"EMAIL_ALLOW_CONSOLE": "0"},
    ],
)
def test_production_refuses_to_start_without_a_real_e_mail_backend(env):
    done = _production_settings(**env)

    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "EMAIL_" in done.stderr


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"EMAIL_HOST": "smtp.example.com"}, "smtp"),
        ({"EMAIL_ALLOW_CONSOLE": "1"}, "console"),  # the explicit opt-out
    ],
)
def test_production_starts_with_smtp_or_the_explicit_opt_out(env, backend):
    done = _production_settings(**env)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"django.core.mail.backends.{backend}.EmailBackend"
