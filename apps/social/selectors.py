"""Reads of the social app: public reviews, lists and what a share card shows."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from apps.accounts.models import Favorite, Rating, User, WatchlistItem
from apps.catalog.models import Content
from apps.core.exceptions import NotFoundError
from apps.social.models import ListKind, UserList

REVIEW_ORDERINGS = {"newest": ("-created_at", "-id"), "helpful": ("-helpful", "-created_at", "-id")}


def review_list(
    *, content: Content, ordering: str = "newest", language: str | None = None
) -> QuerySet[Rating]:
    """Public, visible reviews of a title with their helpful counts."""
    qs = (
        Rating.objects.filter(content=content, review_is_public=True)
        .exclude(review="")
        .exclude(review_meta__is_hidden=True)
        .select_related("user", "review_meta")
        .annotate(helpful=Count("helpful_votes"))
    )
    if language:
        qs = qs.filter(review_meta__language=language)
    return qs.order_by(*REVIEW_ORDERINGS[ordering])


def review_get_visible(*, review_id: int) -> Rating:
    """A review others may vote on or report: public, with text, not hidden."""
    review = (
        Rating.objects.filter(pk=review_id, review_is_public=True)
        .exclude(review="")
        .exclude(review_meta__is_hidden=True)
        .first()
    )
    if review is None:
        raise NotFoundError(f"Review {review_id} does not exist.", details={"id": review_id})
    return review


def list_mine(*, user: User) -> QuerySet[UserList]:
    return UserList.objects.filter(owner=user).select_related("owner")


def list_get(*, slug: str, viewer: User | None) -> UserList:
    """A public list for anyone, a private one only for its owner; otherwise a 404 (a private
    list's existence is not revealed)."""
    visible = Q(is_public=True)
    if viewer is not None and viewer.is_authenticated:
        visible |= Q(owner=viewer)
    found = UserList.objects.filter(visible, slug=slug).select_related("owner").first()
    if found is None:
        raise NotFoundError(f"List {slug!r} does not exist.", details={"slug": slug})
    return found


def list_contents(*, user_list: UserList) -> list[Content]:
    """The titles of a list; a watchlist or favourites list reads the owner's library."""
    if user_list.kind == ListKind.WATCHLIST:
        entries = WatchlistItem.objects.filter(user=user_list.owner).select_related("content")
        return [e.content for e in entries]
    if user_list.kind == ListKind.FAVORITES:
        favs = Favorite.objects.filter(user=user_list.owner).select_related("content")
        return [e.content for e in favs]
    return [i.content for i in user_list.items.select_related("content")]
