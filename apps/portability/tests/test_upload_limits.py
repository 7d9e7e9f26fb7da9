"""The upload cap holds while the body streams in: the server reads at most about the cap."""

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory
from rest_framework.test import force_authenticate

from apps.portability.api import uploads
from apps.portability.api.views import ImportCreateApi
from apps.portability.models import ImportJob

pytestmark = pytest.mark.django_db
BOUNDARY = "cinerecboundary"
HEAD = (
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="format"\r\n\r\nimdb\r\n'
    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\n'
    "Content-Type: text/csv\r\n\r\nConst,Your Rating,Title\n"
).encode()
TAIL = f"\r\n--{BOUNDARY}--\r\n".encode()


class EndlessUpload:
    """A multipart body whose file part is `size` bytes, made up as it is read and counted."""

    def __init__(self, size: int) -> None:
        self.size = len(HEAD) + size + len(TAIL)
        self.read_bytes = 0

    def read(self, n: int = -1) -> bytes:
        n = self.size - self.read_bytes if n is None or n < 0 else n
        start, end = self.read_bytes, min(self.read_bytes + n, self.size)
        self.read_bytes = end
        out = bytearray()
        for position in range(start, end):  # small reads only: the parser asks for 64 KB chunks
            if position < len(HEAD):
                out.append(HEAD[position])
            elif position >= self.size - len(TAIL):
                out.append(TAIL[position - (self.size - len(TAIL))])
            else:
                out.append(ord("a"))
        return bytes(out)

    def readline(self, *args: int) -> bytes:  # pragma: no cover - multipart never asks
        raise AssertionError


def post(body: EndlessUpload, user, *, declared: int) -> tuple[int, dict]:
    environ = RequestFactory()._base_environ(
        PATH_INFO="/api/user/imports",
        REQUEST_METHOD="POST",
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(declared),
    )
    environ["wsgi.input"] = body
    request = WSGIRequest(environ)
    force_authenticate(request, user)
    response = ImportCreateApi.as_view()(request)
    response.render()
    return response.status_code, response.data


def test_a_1_gb_body_is_refused_before_it_is_read(user, settings):
    settings.IMPORT_MAX_BYTES = 64 * 1024
    body = EndlessUpload(2**30)
    status, data = post(body, user, declared=body.size)
    assert status == 413
    assert data["error"]["code"] == "file_too_large"
    assert body.read_bytes == 0
    assert not ImportJob.objects.exists()


def test_a_file_part_over_the_cap_is_cut_while_it_streams(user, settings, monkeypatch):
    """Even when the declared length passes (here: a generous overhead allowance), the file's
    bytes are counted as they arrive and the read stops one chunk past the cap."""
    settings.IMPORT_MAX_BYTES = 64 * 1024
    monkeypatch.setattr(uploads, "MULTIPART_OVERHEAD", 2**30)
    body = EndlessUpload(4 * 2**20)
    status, data = post(body, user, declared=body.size)
    assert status == 413
    assert data["error"]["code"] == "file_too_large"
    assert body.read_bytes <= 64 * 1024 + 2 * 64 * 1024 + len(HEAD)
    assert not ImportJob.objects.exists()


def test_a_file_under_the_cap_streams_through(user, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_MAX_BYTES = 64 * 1024
    body = EndlessUpload(1000)
    with django_capture_on_commit_callbacks(execute=False):
        status, data = post(body, user, declared=body.size)
    assert status == 202, data
    assert len(bytes(ImportJob.objects.get().data)) == len("Const,Your Rating,Title\n") + 1000
