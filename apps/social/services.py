"""Writes of the social app: reviews and their votes and reports, lists."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.accounts import services as account_services
from apps.accounts.models import Rating, User
from apps.catalog.models import Content
from apps.core.exceptions import ApplicationError, NotFoundError
from apps.social.models import (
    HelpfulVote,
    ListKind,
    ReviewMeta,
    ReviewReport,
    UserList,
    UserListItem,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Plain text: control characters dropped, ends trimmed. Markup is kept as typed and escaped
    wherever it is shown (the API returns JSON; the site's templates autoescape)."""
    return _CONTROL.sub("", text).strip()


def review_write(
    *,
    user: User,
    content: Content,
    rating: int,
    review: str,
    spoiler: bool | None = None,
    language: str | None = None,
) -> tuple[Rating, bool]:
    """A rating with its review through apps.accounts (an interaction like any rating), plus the
    spoiler flag and language; one left as None keeps its stored value (the model's defaults on a
    new review). A curator's hide stays in force on edits."""
    meta = {
        field: value
        for field, value in (("spoiler", spoiler), ("language", language))
        if value is not None
    }
    with transaction.atomic():
        row, created = account_services.rating_upsert(
            user=user, content=content, rating=rating, review=clean_text(review)
        )
        ReviewMeta.objects.update_or_create(rating=row, defaults=meta)
    return row, created


def helpful_vote(*, user: User, review: Rating) -> bool:
    """One vote per user and review; True when this call added it."""
    if review.user_id == user.pk:
        raise ApplicationError(
            _("You cannot vote for your own review."), code="own_review", status_code=400
        )
    _vote, created = HelpfulVote.objects.get_or_create(user=user, rating=review)
    return created


def helpful_unvote(*, user: User, review_id: int) -> None:
    deleted, _kinds = HelpfulVote.objects.filter(user=user, rating_id=review_id).delete()
    if not deleted:
        raise NotFoundError(f"You have not voted for review {review_id}.")


def review_report(
    *, user: User, review: Rating, reason: str, note: str = ""
) -> tuple[ReviewReport, bool]:
    """Into the curators' queue; a second open report by the same reader is the same report."""
    try:
        with transaction.atomic():
            report, created = ReviewReport.objects.get_or_create(
                reporter=user,
                rating=review,
                status=ReviewReport.Status.OPEN,
                defaults={"reason": reason, "note": clean_text(note)},
            )
    except IntegrityError:  # a concurrent duplicate
        report = ReviewReport.objects.get(reporter=user, rating=review, status="open")
        created = False
    return report, created


def review_set_hidden(*, review: Rating, hidden: bool, reason: str = "") -> ReviewMeta:
    """A curator hides (or restores) a review; hiding resolves its open reports."""
    with transaction.atomic():
        meta, _created = ReviewMeta.objects.get_or_create(rating=review)
        meta.is_hidden = hidden
        meta.hidden_reason = reason[:200] if hidden else ""
        meta.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
        if hidden:
            review.reports.filter(status=ReviewReport.Status.OPEN).update(
                status=ReviewReport.Status.HIDDEN
            )
    return meta


def report_dismiss(*, report: ReviewReport) -> None:
    report.status = ReviewReport.Status.DISMISSED
    report.save(update_fields=["status", "updated_at"])


def _unique_slug(owner: User, name: str) -> str:
    base = slugify(f"{owner.username} {name}", allow_unicode=True)[:100].strip("-") or "list"
    slug, n = base, 2
    while UserList.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def list_create(*, owner: User, data: dict[str, Any]) -> UserList:
    """A named list, or the (single) public face of the owner's watchlist or favourites."""
    kind = data.get("kind", ListKind.CUSTOM)
    if kind != ListKind.CUSTOM and UserList.objects.filter(owner=owner, kind=kind).exists():
        raise ApplicationError(
            _("You already have this list; change it instead."),
            code="list_exists",
            status_code=409,
            details={"kind": [kind]},
        )
    for _attempt in range(3):  # another list may take the slug between the check and the insert
        try:
            with transaction.atomic():
                return UserList.objects.create(
                    owner=owner,
                    kind=kind,
                    name=clean_text(data["name"]),
                    description=clean_text(data.get("description", "")),
                    is_public=data.get("is_public", False),
                    slug=_unique_slug(owner, data["name"]),
                )
        except IntegrityError:
            continue
    raise ApplicationError(_("Please try again."), code="conflict", status_code=409)


def list_update(*, user_list: UserList, data: dict[str, Any]) -> UserList:
    """Writes only the fields sent, on the row as it is now: a rename never writes back a stale
    `is_public`, and a list deleted meanwhile is a 404 (not a 500, nor brought back)."""
    changed = [field for field in ("name", "description", "is_public") if field in data]
    with transaction.atomic():
        current = UserList.objects.select_for_update().filter(pk=user_list.pk).first()
        if current is None:
            slug = user_list.slug
            raise NotFoundError(f"List {slug!r} does not exist.", details={"slug": slug})
        for field in changed:
            value = data[field]
            setattr(current, field, clean_text(value) if isinstance(value, str) else value)
        current.save(update_fields=[*changed, "updated_at"])
    return current


def list_delete(*, user_list: UserList) -> None:
    user_list.delete()


def _custom_only(user_list: UserList) -> None:
    if user_list.kind != ListKind.CUSTOM:
        raise ApplicationError(
            _("Change your %(kind)s through /api/user/%(kind)s.") % {"kind": user_list.kind},
            code="not_a_named_list",
            details={"slug": user_list.slug},
        )


def list_item_add(
    *, user_list: UserList, content: Content, note: str = ""
) -> tuple[UserListItem, bool]:
    _custom_only(user_list)
    with transaction.atomic():
        item, created = UserListItem.objects.get_or_create(
            user_list=user_list, content=content, defaults={"note": clean_text(note)}
        )
        user_list.save(update_fields=["updated_at"])
    return item, created


def list_item_remove(*, user_list: UserList, content_id: int) -> None:
    _custom_only(user_list)
    deleted, _kinds = UserListItem.objects.filter(
        user_list=user_list, content_id=content_id
    ).delete()
    if not deleted:
        raise NotFoundError(f"Content {content_id} is not in this list.")
