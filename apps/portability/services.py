"""Writes of the portability app: starting and running an import, deleting an account."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts import services as account_services
from apps.accounts.models import Rating, User
from apps.catalog.models import Content
from apps.core import outbox
from apps.core.exceptions import ApplicationError
from apps.portability.matching import Matcher
from apps.portability.models import ImportJob
from apps.portability.parsers import PARSERS, ImportParseError, ImportRow, sniff
from apps.portability.parsers.common import MAX_ROWS, clean
from apps.portability.parsers.sniff import HEAD_BYTES

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 200


def import_max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 5 * 1024 * 1024))


def import_max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", MAX_ROWS))


def _not_an_export(message: str) -> ApplicationError:
    return ApplicationError(message, code="parse_error", details={"file": [message]})


def import_create(*, user: User, fmt: str, filename: str, data: bytes) -> ImportJob:
    """Check the file's size and type, store it in the job and queue the task that parses it.

    The request does no parsing: a file that is not what it claims to be by its first bytes is a
    400 here; anything wrong further in fails the job with the message and line.
    """
    limit = import_max_bytes()
    if len(data) > limit:  # the upload handler stops a body at the cap; this guards other callers
        raise ApplicationError(
            _("The file is larger than %(limit)d MB.") % {"limit": max(limit // 2**20, 1)},
            code="file_too_large",
            status_code=413,
            details={"file": [f"max {limit} bytes"]},
        )
    if not data.strip():
        raise _not_an_export(_("The file is empty."))
    problem = sniff(fmt, data[:HEAD_BYTES])
    if problem:
        raise _not_an_export(problem)
    job = ImportJob.objects.create(
        user=user,
        format=fmt,
        filename=clean(filename)[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )
    # Through the outbox: queued with the job, sent on commit or once the broker is back.
    outbox.enqueue("portability.import_run", job.pk)
    return job


def _fail(job: ImportJob, message: str, *, line: int | None = None) -> ImportJob:
    """A finished job that wrote nothing: the message (and line) stay, the file goes."""
    job.status = ImportJob.Status.FAILED
    job.error = message[:300]
    job.error_line = line
    job.data = b""
    job.save(update_fields=["status", "error", "error_line", "data", "updated_at"])
    return job


def _matched(
    job: ImportJob, rows: list[ImportRow]
) -> tuple[dict[int, ImportRow], dict[int, ImportRow], list[dict]]:
    """Rows by content id (the last row wins for a title listed twice) and the unmatched rows."""
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
    """Parse the stored file, match every row, then write them all in one transaction: a
    malformed file or any failure leaves nothing behind and marks the job failed."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        return job  # a redelivered task (acks_late) does not run twice
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status", "updated_at"])
    try:
        rows = PARSERS[job.format](bytes(job.data), max_rows=import_max_rows())
    except ImportParseError as exc:  # TooManyRows included: parsing stopped at the limit
        return _fail(job, exc.message, line=exc.line)
    job.counts = {"rows": len(rows)}
    try:
        ratings, watchlist, unmatched = _matched(job, rows)
        with transaction.atomic():
            counts = _write(user=job.user, job=job, ratings=ratings, watchlist=watchlist)
    except Exception:
        logger.exception("import %s failed", job.pk)
        return _fail(job, _("The import failed; nothing was saved. Please try again."))
    job.counts = {
        **job.counts,
        "matched": len(rows) - len(unmatched),
        "unmatched": len(unmatched),
        **{key: counts.get(key, 0) for key in _COUNT_KEYS},
    }
    job.unmatched = unmatched
    job.data = b""
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
