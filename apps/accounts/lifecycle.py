"""What accounts keeps about a person (the user row, their library, sign-ins, mail to them): its
export sections and erasers, and its part in title merges (ratings and library entries move).

Registered with apps.core.personal_data and apps.core.title_merge from AccountsConfig.ready().
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db.models import Model, Q
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from apps.accounts.models import PROFILE_FIELDS, Favorite, Rating, User, WatchlistItem
from apps.catalog.lifecycle import exported_title
from apps.core.models import OutboxMessage
from apps.core.personal_data import Eraser, Exporter, register_personal_data
from apps.core.title_merge import keep_least, register_title_mover

# kwargs: kind, user_id, params (apps/accounts/email_flows.py: the link is made when it is sent)
MAIL_TASK = "accounts.send_account_email"
LOCATION_FIELDS = ("country", "region", "location_source")


def _user(user_id: int) -> User:
    return User.objects.get(pk=user_id)


def _export_account(user_id: int) -> dict[str, Any]:
    user = _user(user_id)
    return {
        "email": user.email,
        "username": user.username,
        "name": user.display_name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def _export_profile(user_id: int) -> dict[str, Any]:
    user = _user(user_id)
    return {name: getattr(user, name) for name in PROFILE_FIELDS if name not in LOCATION_FIELDS}


def _export_location(user_id: int) -> dict[str, Any]:
    """Where the site places the person: set by them or derived from their IP address."""
    user = _user(user_id)
    return {"country": user.country, "region": user.region, "source": user.location_source}


def _export_groups(user_id: int) -> dict[str, list[str]]:
    user = _user(user_id)
    return {
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "permissions": sorted(user.user_permissions.values_list("codename", flat=True)),
    }


def _erase_groups(user_id: int) -> None:
    User.groups.through.objects.filter(user_id=user_id).delete()
    User.user_permissions.through.objects.filter(user_id=user_id).delete()


def _export_ratings(user_id: int) -> list[dict[str, Any]]:
    return [
        {
            **exported_title(r.content),
            "rating": r.rating,
            "rated_at": r.updated_at.isoformat(),
            "review": r.review,
            "review_is_public": r.review_is_public,
        }
        for r in Rating.objects.filter(user_id=user_id).select_related("content")
    ]


def _library_exporter(model: type[WatchlistItem] | type[Favorite]) -> Exporter:
    def export(user_id: int) -> list[dict[str, Any]]:
        entries = model.objects.filter(user_id=user_id).select_related("content")
        return [{**exported_title(e.content), "added_at": e.added_at.isoformat()} for e in entries]

    return export


def _deleter(model: type[Model], field: str = "user") -> Eraser:
    def erase(user_id: int) -> None:
        model._default_manager.filter(**{f"{field}_id": user_id}).delete()

    return erase


def _export_admin_log(user_id: int) -> list[dict[str, Any]]:
    """Changes the person made in the admin; the object's name is left out (it may be another
    person's name or address)."""
    entries = LogEntry.objects.filter(user_id=user_id).select_related("content_type")
    return [
        {
            "at": e.action_time.isoformat(),
            "model": getattr(e.content_type, "model", ""),
            "object_id": e.object_id,
            "action": {1: "add", 2: "change", 3: "delete"}.get(e.action_flag, ""),
            "change": e.get_change_message(),
        }
        for e in entries
    ]


def _erase_sign_ins(user_id: int) -> None:
    """Every refresh token (its blacklist row goes with it: the refresh view answers 401 for a
    token of a deleted account) and every site session signed in as the person."""
    OutstandingToken.objects.filter(user_id=user_id).delete()
    theirs = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id)
    ]
    Session.objects.filter(pk__in=theirs).delete()


def _erase_mail(user_id: int) -> None:
    """Mail to the person, sent or waiting: its address and links (reset, e-mail change) go; a
    notice to an earlier address names the current one, so it goes too."""
    email = _user(user_id).email
    OutboxMessage.objects.filter(task_name=MAIL_TASK).filter(
        Q(kwargs__user_id=user_id) | Q(kwargs__icontains=email)
    ).delete()


def _keep_newer_rating(duplicate: Rating, kept: Rating) -> Rating:
    return kept if duplicate.updated_at > kept.updated_at else duplicate


def register() -> None:
    sign_in_reason = "credentials, not data the person gave; deleted with the account"
    for section, export in (
        ("account", _export_account),
        ("profile", _export_profile),
        ("location", _export_location),
    ):
        # Stored on the user row, which account deletion removes last.
        register_personal_data(section=section, export=export, erase=None)
    register_personal_data(
        section="groups",
        models=(User.groups.through, User.user_permissions.through),
        export=_export_groups,
        erase=_erase_groups,
    )
    register_personal_data(
        section="ratings", models=(Rating,), export=_export_ratings, erase=_deleter(Rating)
    )
    for section, model in (("watchlist", WatchlistItem), ("favorites", Favorite)):
        register_personal_data(
            section=section,
            models=(model,),
            export=_library_exporter(model),
            erase=_deleter(model),
        )
    register_personal_data(
        section="admin_log", models=(LogEntry,), export=_export_admin_log, erase=_deleter(LogEntry)
    )
    register_personal_data(
        section="sign_ins",
        models=(OutstandingToken,),
        erase=_erase_sign_ins,
        not_exported=f"refresh tokens and sessions are {sign_in_reason}",
    )
    register_personal_data(
        section="mail",
        erase=_erase_mail,
        not_exported="messages the site sent to the person (resets, confirmations), not their data",
    )
    # A person with both titles keeps one rating (the newer) and one entry (the earlier date).
    register_title_mover(Rating, "content", unique_with=("user_id",), resolve=_keep_newer_rating)
    for model in (WatchlistItem, Favorite):
        register_title_mover(
            model, "content", unique_with=("user_id",), resolve=keep_least("added_at")
        )
