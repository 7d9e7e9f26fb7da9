"""Password reset and e-mail change by e-mail: working links, no enumeration, rate limits."""

import re

import pytest
from django.core import mail
from rest_framework.test import APIClient

from apps.accounts.models import User
from apps.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "another-Passphrase-77"


@pytest.fixture
def send(django_capture_on_commit_callbacks, monkeypatch):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)  # the Redis leg has no worker here

    def post(client, path, body):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, body, format="json")

    return post


def _link_parts(pattern: str) -> tuple[str, ...]:
    match = re.search(pattern, mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.groups()


def test_password_reset_by_e_mail_link(api_client, user, send):
    response = send(api_client, "/api/auth/password/reset", {"email": user.email.upper()})
    assert response.status_code == 202
    assert mail.outbox[-1].to == [user.email]
    uid, token = _link_parts(r"/account/reset/([^/\s]+)/([^/\s]+)")

    confirm = {"uid": uid, "token": token, "password": NEW_PASSWORD}
    assert send(api_client, "/api/auth/password/reset/confirm", confirm).status_code == 200
    again = send(api_client, "/api/auth/password/reset/confirm", confirm)

    assert again.status_code == 400
    assert again.json()["error"]["code"] == "invalid_token"  # the link works once
    login = api_client.post(
        "/api/auth/login", {"email": user.email, "password": NEW_PASSWORD}, format="json"
    )
    assert login.status_code == 200


def test_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(api_client, user, send):
    known = send(api_client, "/api/auth/password/reset", {"email": user.email})
    mail.outbox.clear()
    unknown = send(api_client, "/api/auth/password/reset", {"email": "nobody@example.com"})

    assert (unknown.status_code, unknown.json()) == (known.status_code, known.json())
    assert mail.outbox == []


def test_reset_with_a_bad_token_or_weak_password(api_client, user, send):
    bad = send(
        api_client,
        "/api/auth/password/reset/confirm",
        {"uid": "MQ", "token": "nope", "password": NEW_PASSWORD},
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid_token"
    send(api_client, "/api/auth/password/reset", {"email": user.email})
    uid, token = _link_parts(r"/account/reset/([^/\s]+)/([^/\s]+)")
    weak = send(
        api_client,
        "/api/auth/password/reset/confirm",
        {"uid": uid, "token": token, "password": "123"},
    )
    assert weak.status_code == 400
    assert weak.json()["error"]["code"] == "weak_password"
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_reset_requests_are_rate_limited_per_address(api_client, user, send):
    statuses = [
        send(
            APIClient(REMOTE_ADDR=f"10.0.0.{n}"), "/api/auth/password/reset", {"email": e}
        ).status_code
        for n, e in enumerate([user.email] * 4 + ["nobody@example.com"] * 4)
    ]
    assert statuses == [202, 202, 202, 429, 202, 202, 202, 429]  # ACCOUNT_EMAIL_RATE = 3/h


def test_reset_requests_are_rate_limited_per_client(api_client, send):
    statuses = [
        send(api_client, "/api/auth/password/reset", {"email": f"n{n}@example.com"}).status_code
        for n in range(11)
    ]
    assert statuses == [202] * 10 + [429]  # ACCOUNT_EMAIL_RATE_PER_IP = 10/h


def test_e_mail_change_by_confirmation_link(auth_client, api_client, user, send):
    old = user.email
    response = send(
        auth_client, "/api/user/email", {"new_email": "new@example.com", "password": TEST_PASSWORD}
    )
    assert response.status_code == 202
    assert mail.outbox[-1].to == ["new@example.com"]
    (token,) = _link_parts(r"/account/email/(\S+)")

    confirmed = send(api_client, "/api/auth/email/confirm", {"token": token})
    reused = send(api_client, "/api/auth/email/confirm", {"token": token})

    assert confirmed.status_code == 200
    user.refresh_from_db()
    assert user.email == "new@example.com"
    assert mail.outbox[-1].to == [old]  # the old address hears about it
    assert reused.status_code == 400


def test_e_mail_change_to_a_taken_address_looks_like_success_and_sends_nothing(
    auth_client, user, send
):
    other = UserFactory()
    free = send(
        auth_client, "/api/user/email", {"new_email": "free@example.com", "password": TEST_PASSWORD}
    )
    mail.outbox.clear()
    taken = send(
        auth_client, "/api/user/email", {"new_email": other.email, "password": TEST_PASSWORD}
    )

    assert (taken.status_code, taken.json()) == (free.status_code, free.json())
    assert mail.outbox == []


def test_e_mail_change_needs_the_password_and_a_valid_token(auth_client, api_client, user, send):
    wrong = send(
        auth_client, "/api/user/email", {"new_email": "x@example.com", "password": "wrong-one"}
    )
    forged = send(api_client, "/api/auth/email/confirm", {"token": "forged:token"})

    assert wrong.status_code == 400
    assert wrong.json()["error"]["code"] == "wrong_password"
    assert forged.status_code == 400
    assert User.objects.get(pk=user.pk).email == user.email
    assert mail.outbox == []


@pytest.mark.parametrize("language", ["te", "hi", "ta", "kn"])
def test_the_reset_message_is_in_the_users_language(api_client, user, send, language):
    user.ui_language = language
    user.save(update_fields=["ui_language"])
    send(api_client, "/api/auth/password/reset", {"email": user.email})
    message = mail.outbox[-1]
    assert "CineRec" in message.subject
    assert message.subject != "Reset your CineRec password"
    assert "/account/reset/" in message.body
    assert "Someone asked" not in message.body
