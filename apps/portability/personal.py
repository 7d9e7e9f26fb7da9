"""A person's data, all of it: their export and the deletion of their account.

Both walk apps.core.personal_data, the one list of everything a person owns, which every app
fills from its AppConfig.ready(); nothing here names another app's tables.
"""

from __future__ import annotations

import csv
import io
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.exceptions import ApplicationError
from apps.core.personal_data import erase_person, personal_data

logger = logging.getLogger(__name__)

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


CSV_SECTIONS = frozenset({"ratings", "reviews", "watchlist", "favorites", "lists"})


def export_data(*, user: User, sections: frozenset[str] | None = None) -> dict[str, Any]:
    """Everything stored about the person, one section per registered kind of data (or only the
    `sections` named)."""
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat()}
    for entry in personal_data():
        if entry.export is not None and (sections is None or entry.section in sections):
            data[entry.section] = entry.export(user.pk)
    return data


def _csv_row(item: dict[str, Any], list_name: str, review: dict[str, Any]) -> dict[str, Any]:
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
        "Spoiler": "yes" if review.get("spoiler") else "",
        "Review Language": review.get("language", "") if item.get("review") else "",
        "MAL ID": item.get("mal_id") or "",
        "CineRec ID": item["content_id"],
    }


def export_csv(*, user: User) -> str:
    """The library as one CSV, one row per entry; `List` says where it sits (ratings, watchlist,
    favorites or list:<slug>). The JSON export has everything else."""
    data = export_data(user=user, sections=CSV_SECTIONS)
    reviews = {r["content_id"]: r for r in data.get("reviews", [])}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for name in ("ratings", "watchlist", "favorites"):
        for item in data[name]:
            review = reviews.get(item["content_id"], {}) if name == "ratings" else {}
            writer.writerow(_csv_row(item, name, review))
    for lst in data["lists"]:
        for item in lst["items"]:
            writer.writerow(_csv_row(item, f"list:{lst['slug']}", {}))
    return out.getvalue()


def account_delete(*, user: User, password: str) -> None:
    """Remove the account and everything personal; what others count on stays, anonymous
    (docs/social.md, "Account deletion"). One transaction: every registered eraser, then the
    user row."""
    if not password or not user.check_password(password):
        raise ApplicationError(
            _("The password is not correct."),
            code="wrong_password",
            status_code=403,
            details={"password": [_("The password is not correct.")]},
        )
    user_id = user.pk
    with transaction.atomic():
        erase_person(user_id)
        user.delete()
    logger.info("account %s deleted", user_id)
