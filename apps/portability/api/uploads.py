"""The import upload's size cap, enforced while the body streams in.

`CappedUploadHandler` replaces Django's handlers for the import request (before authentication,
whose CSRF check may read the body first): a declared Content-Length over the cap is refused
before a byte is read, and the file's bytes are counted as they arrive and refused at the cap, so a
1 GB body costs the server at most the cap. Either way the answer is a 413 `file_too_large` in
the one error shape. The bytes kept are at most the cap, in memory (no temporary file).
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.http import HttpRequest
from django.utils.translation import gettext as _

from apps.core.exceptions import ApplicationError
from apps.core.numbers import parse_int

MULTIPART_OVERHEAD = 16 * 1024  # boundaries, part headers and the `format` field


def too_large(limit: int) -> ApplicationError:
    return ApplicationError(
        _("The file is larger than %(limit)d MB.") % {"limit": max(limit // 2**20, 1)},
        code="file_too_large",
        status_code=413,
        details={"file": [f"max {limit} bytes"]},
    )


class CappedUploadHandler(FileUploadHandler):
    """Keeps uploaded files in memory up to `limit` bytes in all; one byte more is a 413."""

    def __init__(self, request: HttpRequest | None = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.buffer = io.BytesIO()

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],  # noqa: N803 (Django's name)
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        declared = parse_int(str(META.get("CONTENT_LENGTH") or content_length or 0)) or 0
        if declared > self.limit + MULTIPART_OVERHEAD:
            raise too_large(self.limit)

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received > self.limit:
            raise too_large(self.limit)
        self.buffer.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
