"""What social keeps about a person (lists, review details, helpful votes, reports): export
sections and erasers; and its part in title merges (list items move to the title kept)."""

from __future__ import annotations

from typing import Any

from apps.catalog.lifecycle import exported_title
from apps.core.personal_data import register_personal_data
from apps.core.title_merge import keep_least, register_title_mover
from apps.social.models import HelpfulVote, ReviewMeta, ReviewReport, UserList, UserListItem


def _export_lists(user_id: int) -> list[dict[str, Any]]:
    lists = UserList.objects.filter(owner_id=user_id).prefetch_related("items__content")
    return [
        {
            "name": lst.name,
            "slug": lst.slug,
            "kind": lst.kind,
            "description": lst.description,
            "is_public": lst.is_public,
            "items": [{**exported_title(i.content), "note": i.note} for i in lst.items.all()],
        }
        for lst in lists
    ]


def _erase_lists(user_id: int) -> None:
    UserList.objects.filter(owner_id=user_id).delete()


def _export_reviews(user_id: int) -> list[dict[str, Any]]:
    """What the person set on their reviews beyond the text (which is with their ratings)."""
    metas = ReviewMeta.objects.filter(rating__user_id=user_id).select_related("rating")
    return [
        {
            "content_id": meta.rating.content_id,
            "spoiler": meta.spoiler,
            "language": meta.language,
            "hidden_by_curators": meta.is_hidden,
        }
        for meta in metas
    ]


def _erase_reviews(user_id: int) -> None:
    ReviewMeta.objects.filter(rating__user_id=user_id).delete()


def _export_votes(user_id: int) -> list[dict[str, Any]]:
    """The reviews the person found helpful, by title (the reviewer is another person)."""
    votes = HelpfulVote.objects.filter(user_id=user_id).select_related("rating__content")
    return [
        {**exported_title(v.rating.content), "voted_at": v.created_at.isoformat()} for v in votes
    ]


def _erase_votes(user_id: int) -> None:
    HelpfulVote.objects.filter(user_id=user_id).delete()


def _export_reports(user_id: int) -> list[dict[str, Any]]:
    reports = ReviewReport.objects.filter(reporter_id=user_id).select_related("rating__content")
    return [
        {
            **exported_title(r.rating.content),
            "reason": r.reason,
            "note": r.note,
            "status": r.status,
            "reported_at": r.created_at.isoformat(),
        }
        for r in reports
    ]


def _anonymise_reports(user_id: int) -> None:
    """A report stays in the curators' queue without its reporter or their words."""
    ReviewReport.objects.filter(reporter_id=user_id).update(reporter=None, note="")


def register() -> None:
    register_personal_data(
        section="lists", models=(UserList,), export=_export_lists, erase=_erase_lists
    )
    register_personal_data(section="reviews", export=_export_reviews, erase=_erase_reviews)
    register_personal_data(
        section="helpful_votes", models=(HelpfulVote,), export=_export_votes, erase=_erase_votes
    )
    register_personal_data(
        section="reports",
        models=(ReviewReport,),
        export=_export_reports,
        erase=_anonymise_reports,
    )
    # a list holding both keeps one item, the earlier one, with a note if either had one
    register_title_mover(
        UserListItem,
        "content",
        unique_with=("user_list_id",),
        resolve=keep_least("added_at", fill=("note",)),
    )
