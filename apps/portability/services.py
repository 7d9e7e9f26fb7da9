"""Writes of the portability app: starting and running an import, deleting an account."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts import services as account_services
from apps.accounts.models import Rating, User
from apps.catalog.models import Content
from apps.core import outbox
from apps.core.exceptions import ApplicationError
from apps.portability.matching import Matcher
from apps.portability.models import ImportJob
from apps.portability.parsers import PARSERS, ImportParseError, ImportRow

logger = logging.getLogger(__name__)

IMPORT_MAX_BYTES: int = getattr(settings, "IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS: int = getattr(settings, "IMPORT_MAX_ROWS", 20_000)
PROGRESS_EVERY = 200


def _read_upload(upload: UploadedFile) -> bytes:
    size = upload.size or 0
    if size > IMPORT_MAX_BYTES:
        raise ApplicationError(
            _("The file is larger than %(limit)d MB.") % {"limit": IMPORT_MAX_BYTES // 2**20},
            code="file_too_large",
            status_code=413,
            details={"file": [f"max {IMPORT_MAX_BYTES} bytes"]},
        )
    data = upload.read()
    if not data.strip():
        raise ApplicationError(
            _("The file is empty."), code="parse_error", details={"file": ["empty"]}
        )
    return data


def _parse(data: bytes, fmt: str) -> list[ImportRow]:
    try:
        rows = PARSERS[fmt](data)
    except ImportParseError as exc:
        raise ApplicationError(
            exc.message, code="parse_error", details={"file": [exc.message], "line": exc.line}
        ) from None
    if len(rows) > IMPORT_MAX_ROWS:
        raise ApplicationError(
            _("The file has %(rows)d entries; the limit is %(limit)d.")
            % {"rows": len(rows), "limit": IMPORT_MAX_ROWS},
            code="too_many_rows",
            status_code=413,
            details={"file": [f"max {IMPORT_MAX_ROWS} rows"]},
        )
    return rows


def import_create(*, user: User, fmt: str, upload: UploadedFile) -> ImportJob:
    """Parse the whole file now (a malformed file is a 400 naming the line and nothing is stored),
    then queue the matching and writing task."""
    data = _read_upload(upload)
    rows = _parse(data, fmt)
    job = ImportJob.objects.create(
        user=user,
        format=fmt,
        filename=(upload.name or "")[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        rows=[row.as_json() for row in rows],
        counts={"rows": len(rows)},
    )
    # Through the outbox: queued with the job, sent on commit or once the broker is back.
    outbox.enqueue("portability.import_run", job.pk)
    return job


def _matched(job: ImportJob) -> tuple[dict[int, ImportRow], dict[int, ImportRow], list[dict]]:
    """Rows by content id (the last row wins for a title listed twice) and the unmatched rows."""
    rows = [ImportRow(**raw) for raw in job.rows]
    matcher = Matcher(rows)
    ratings: dict[int, ImportRow] = {}
    watchlist: dict[int, ImportRow] = {}
    unmatched = []
    for index, row in enumerate(rows, start=1):
        content_id = matcher.content_id(row)
        if content_id is None:
            unmatched.append({k: v for k, v in row.as_json().items() if v not in (None, False)})
        elif row.rating is not None:
            ratings[content_id] = row
        elif row.watchlist:
            watchlist[content_id] = row
        if index % PROGRESS_EVERY == 0:
            ImportJob.objects.filter(pk=job.pk).update(progress=int(90 * index / len(rows)))
    return ratings, watchlist, unmatched


def _write(
    *, user: User, job: ImportJob, ratings: dict[int, ImportRow], watchlist: dict[int, ImportRow]
) -> Counter[str]:
    """Through apps.accounts services, so each write is an interaction the recommender sees at
    once; a title already rated the same, or already on the watchlist, is left alone."""
    counts: Counter[str] = Counter()
    context = {"source": f"import:{job.format}", "import_id": job.pk}
    contents = Content.objects.in_bulk(set(ratings) | set(watchlist))
    existing = {r.content_id: r for r in Rating.objects.filter(user=user, content_id__in=ratings)}
    for content_id, row in ratings.items():
        current = existing.get(content_id)
        if current is not None and current.rating == row.rating:
            counts["ratings_unchanged"] += 1
            continue
        assert row.rating is not None
        account_services.rating_upsert(
            user=user,
            content=contents[content_id],
            rating=row.rating,
            review=current.review if current else "",
            context=context,
        )
        counts["ratings_updated" if current else "ratings_created"] += 1
    for content_id in watchlist:
        _entry, created = account_services.watchlist_add(
            user=user, content=contents[content_id], context=context
        )
        counts["watchlist_added" if created else "watchlist_unchanged"] += 1
    return counts


def import_run(*, job_id: int) -> ImportJob:
    """Match every row, then write them all in one transaction: a failure leaves nothing behind."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status == ImportJob.Status.DONE:
        return job  # a redelivered task (acks_late) does not run twice
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status", "updated_at"])
    try:
        ratings, watchlist, unmatched = _matched(job)
        with transaction.atomic():
            counts = _write(user=job.user, job=job, ratings=ratings, watchlist=watchlist)
    except Exception:
        logger.exception("import %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        job.error = _("The import failed; nothing was saved. Please try again.")
        job.save(update_fields=["status", "error", "updated_at"])
        return job
    job.counts = {
        **job.counts,
        "matched": len(job.rows) - len(unmatched),
        "unmatched": len(unmatched),
        **{key: counts.get(key, 0) for key in _COUNT_KEYS},
    }
    job.unmatched = unmatched
    job.rows = []
    job.status = ImportJob.Status.DONE
    job.progress = 100
    job.save()
    return job


_COUNT_KEYS = (
    "ratings_created",
    "ratings_updated",
    "ratings_unchanged",
    "watchlist_added",
    "watchlist_unchanged",
)
