"""Reads of the portability app: an import's report and the user's data export."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils import timezone

from apps.accounts.models import Favorite, Rating, User, WatchlistItem
from apps.catalog.models import Content
from apps.core.exceptions import NotFoundError
from apps.portability.models import ImportJob

# IMDb's ratings export columns first (so IMDb-aware tools read the file), then ours.
CSV_COLUMNS = (
    "Const",
    "Your Rating",
    "Date Rated",
    "Title",
    "URL",
    "Title Type",
    "Year",
    "List",
    "Review",
    "Spoiler",
    "Review Language",
    "MAL ID",
    "CineRec ID",
)
TITLE_TYPES = {"movie": "Movie", "tv": "TV Series", "anime": "Anime"}


def import_get(*, user: User, import_id: int) -> ImportJob:
    job = ImportJob.objects.filter(pk=import_id, user=user).defer("data").first()
    if job is None:  # someone else's import is as unknown as a missing one
        raise NotFoundError(f"Import {import_id} does not exist.", details={"id": import_id})
    return job


def _title(content: Content) -> dict[str, Any]:
    return {
        "content_id": content.pk,
        "title": content.title,
        "year": content.year,
        "kind": content.kind,
        "imdb_id": content.imdb_id,
        "mal_id": content.mal_id,
    }


def export_data(*, user: User) -> dict[str, Any]:
    """Everything the user put in: ratings with reviews, watchlist, favourites and lists."""
    from apps.social.models import UserList

    ratings = Rating.objects.filter(user=user).select_related("content", "review_meta")
    lists = UserList.objects.filter(owner=user).prefetch_related("items__content")
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {"email": user.email, "username": user.username, "name": user.display_name},
        "ratings": [
            {
                **_title(r.content),
                "rating": r.rating,
                "rated_at": r.updated_at.isoformat(),
                "review": r.review,
                "review_is_public": r.review_is_public,
                "spoiler": getattr(getattr(r, "review_meta", None), "spoiler", False),
                "review_language": getattr(getattr(r, "review_meta", None), "language", ""),
            }
            for r in ratings
        ],
        "watchlist": [
            {**_title(e.content), "added_at": e.added_at.isoformat()}
            for e in WatchlistItem.objects.filter(user=user).select_related("content")
        ],
        "favorites": [
            {**_title(e.content), "added_at": e.added_at.isoformat()}
            for e in Favorite.objects.filter(user=user).select_related("content")
        ],
        "lists": [
            {
                "name": lst.name,
                "slug": lst.slug,
                "kind": lst.kind,
                "description": lst.description,
                "is_public": lst.is_public,
                "items": [{**_title(i.content), "note": i.note} for i in lst.items.all()],
            }
            for lst in lists
        ],
    }


def _csv_row(item: dict[str, Any], list_name: str) -> dict[str, Any]:
    imdb_id = item.get("imdb_id") or ""
    return {
        "Const": imdb_id,
        "Your Rating": item.get("rating", ""),
        "Date Rated": (item.get("rated_at") or "")[:10],
        "Title": item["title"],
        "URL": f"https://www.imdb.com/title/{imdb_id}/" if imdb_id else "",
        "Title Type": TITLE_TYPES.get(item["kind"], ""),
        "Year": item.get("year") or "",
        "List": list_name,
        "Review": item.get("review", ""),
        "Spoiler": "yes" if item.get("spoiler") else "",
        "Review Language": item.get("review_language", "") if item.get("review") else "",
        "MAL ID": item.get("mal_id") or "",
        "CineRec ID": item["content_id"],
    }


def export_csv(*, user: User) -> str:
    """One CSV, one row per entry; `List` says where it sits (ratings, watchlist, favorites or
    list:<slug>)."""
    data = export_data(user=user)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for name in ("ratings", "watchlist", "favorites"):
        for item in data[name]:
            writer.writerow(_csv_row(item, name))
    for lst in data["lists"]:
        for item in lst["items"]:
            writer.writerow(_csv_row(item, f"list:{lst['slug']}"))
    return out.getvalue()
