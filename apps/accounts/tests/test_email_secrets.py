"""No live link at rest: the outbox and its admin never hold a reset or e-mail-change token."""

import re

import pytest
from django.core import mail
from django.test import Client

from apps.accounts.tests.factories import TEST_PASSWORD, UserFactory
from apps.core import outbox
from apps.core.models import OutboxMessage

pytestmark = pytest.mark.django_db
LINK = re.compile(r"/account/(?:reset/[^/\s]+/[^/\s]+|email/\S+)")


@pytest.fixture
def held(monkeypatch, django_capture_on_commit_callbacks):
    """Requests run with the broker unreachable: their messages wait in the outbox."""
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    monkeypatch.setattr(outbox, "dispatch", lambda pk: False)

    def post(client, path, body):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, body, format="json")

    return post


def _rows_text() -> str:
    return repr(list(OutboxMessage.objects.values()))


def _admin_pages() -> str:
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    pages = [client.get("/admin/core/outboxmessage/")]
    pages += [
        client.get(f"/admin/core/outboxmessage/{pk}/change/")
        for pk in OutboxMessage.objects.values_list("pk", flat=True)
    ]
    assert [page.status_code for page in pages] == [200] * len(pages)
    return "".join(page.content.decode() for page in pages)


def _sent_link() -> tuple[str, str]:
    assert len(mail.outbox) == 1
    match = LINK.search(mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return match.group(0), match.group(0).rsplit("/", 1)[-1]


def test_a_reset_request_stores_no_link_and_the_admin_shows_none(api_client, user, held):
    assert held(api_client, "/api/auth/password/reset", {"email": user.email}).status_code == 202
    waiting = _rows_text()
    waiting_admin = _admin_pages()
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1
    assert mail.outbox == []

    assert outbox.drain()["sent"] == 1  # the broker is back: the mail is rendered now
    link, token = _sent_link()

    for text in (waiting, waiting_admin, _rows_text(), _admin_pages()):
        assert LINK.search(text) is None
        assert token not in text
    assert list(OutboxMessage.objects.values_list("args", "kwargs")) == [([], {})]
    confirm = {"uid": link.split("/")[3], "token": token, "password": "another-Passphrase-77"}
    assert (
        api_client.post("/api/auth/password/reset/confirm", confirm, format="json").status_code
        == 200
    )


def test_an_e_mail_change_stores_no_link_and_the_admin_shows_none(api_client, user, held):
    api_client.force_authenticate(user)
    body = {"password": TEST_PASSWORD, "new_email": "new@example.com"}
    assert held(api_client, "/api/user/email", body).status_code == 202
    waiting = _rows_text()
    waiting_admin = _admin_pages()

    assert outbox.drain()["sent"] == 1
    _link, token = _sent_link()

    assert mail.outbox[0].to == ["new@example.com"]
    for text in (waiting, waiting_admin, _rows_text(), _admin_pages()):
        assert LINK.search(text) is None
        assert token not in text
        assert token[:20] not in text
    confirmed = api_client.post("/api/auth/email/confirm", {"token": token}, format="json")
    assert confirmed.status_code == 200


def test_a_reset_for_a_password_changed_meanwhile_is_not_sent(api_client, user, held):
    held(api_client, "/api/auth/password/reset", {"email": user.email})
    user.set_unusable_password()
    user.save()

    outbox.drain()

    assert mail.outbox == []
