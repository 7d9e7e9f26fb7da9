"""Writes on accounts and the user's library. Every library write is also announced as an
interaction (`apps.core.events`), in the write's transaction; analytics, above accounts, logs it
and bumps the user's activity version."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.accounts.handles import display_name_problem, generate_handle, handle_problem
from apps.accounts.models import PROFILE_FIELDS, Favorite, Rating, User, WatchlistItem
from apps.catalog.models import Content
from apps.core.events import InteractionKind, interaction_announce
from apps.core.exceptions import ApplicationError, NotFoundError
from apps.core.vocabulary import state_lookup
from apps.integrations.geo.types import GeoLocation


def user_register(
    *,
    email: str,
    password: str,
    handle: str = "",
    location: GeoLocation | None = None,
    **profile: Any,
) -> User:
    """Create an account after Django's password validators accept the password. The public
    handle is the one given (checked) or a generated one, never the address. A location
    detected from the request fills country and region unless the user gave a country."""
    email = User.objects.normalize_email(email).strip()
    user = User(email=email, username=handle or "-", **profile)
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ApplicationError(
            "The password is too weak.",
            code="weak_password",
            details={"password": list(exc.messages)},
        ) from None
    if User.objects.filter(email__iexact=email).exists():
        raise _email_taken()
    _check_public_names(
        email=email, handle=handle or None, display_name=profile.get("display_name"), user=None
    )
    user.username = handle or generate_handle(is_taken=_handle_taken_by(None))
    user.set_password(password)
    if profile.get("country"):
        user.location_source = "user"
    elif location is not None:
        state = state_lookup(location.state) if location.country == "IN" else None
        user.country = location.country
        if not profile.get("region"):
            user.region = state.name if state else location.state[:80]
        user.location_source = "ip"
    _unique_or_conflict(user)
    return user


def _handle_taken_by(user: User | None) -> Callable[[str], bool]:
    """Whether another account has this handle in any letter case."""
    others = User.objects.exclude(pk=user.pk) if user is not None and user.pk else User.objects
    return lambda handle: others.filter(username__iexact=handle).exists()


def _check_public_names(
    *, email: str, handle: str | None, display_name: str | None, user: User | None
) -> None:
    """A new handle (format, reserved, taken) or display name: a 400 naming the field."""
    problems: dict[str, tuple[str, str]] = {}
    if handle is not None:
        problem = handle_problem(handle, email=email)
        if problem is not None:
            problems["handle"] = ("invalid_handle", problem)
        elif _handle_taken_by(user)(handle):
            problems["handle"] = ("handle_taken", _("This handle is taken."))
    if display_name is not None:
        problem = display_name_problem(display_name, email=email)
        if problem is not None:
            problems["display_name"] = ("invalid_display_name", problem)
    if problems:
        code, message = next(iter(problems.values()))
        details = {field: [text] for field, (_code, text) in problems.items()}
        raise ApplicationError(message, code=code, details=details)


def _unique_or_conflict(user: User) -> None:
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # lost a race with a concurrent registration
        if _handle_taken_by(user)(user.username):
            raise _handle_taken() from None
        raise _email_taken() from None


def _email_taken() -> ApplicationError:
    return ApplicationError(
        "An account with this e-mail already exists.",
        code="email_taken",
        status_code=409,
        details={"email": ["An account with this e-mail already exists."]},
    )


def _handle_taken() -> ApplicationError:
    message = _("This handle is taken.")
    return ApplicationError(message, code="handle_taken", details={"handle": [message]})


def profile_update(*, user: User, data: dict[str, Any]) -> User:
    """Apply validated profile fields; a location set here wins over IP detection. A form that
    resends the country and region it shows changes neither, nor where they came from. `handle`
    changes the public handle and nothing else (list slugs keep working)."""
    handle = data.get("handle", user.username)
    display_name = data.get("display_name", user.display_name)
    _check_public_names(
        email=user.email,
        handle=handle if handle != user.username else None,
        display_name=display_name if display_name != user.display_name else None,
        user=user,
    )
    changed = [field for field in PROFILE_FIELDS if field in data]
    moved = any(f in data and data[f] != getattr(user, f) for f in ("country", "region"))
    for field in changed:
        setattr(user, field, data[field])
    if handle != user.username:
        user.username = handle
        changed.append("username")
    if moved:
        user.location_source = "user" if user.country else ""
        changed.append("location_source")
    if changed:
        try:
            with transaction.atomic():
                user.save(update_fields=changed)
        except IntegrityError:  # another account took the handle meanwhile
            raise _handle_taken() from None
    return user


def _list_add(
    model: type[WatchlistItem] | type[Favorite],
    kind: InteractionKind,
    *,
    user: User,
    content: Content,
    context: dict[str, Any] | None,
) -> tuple[WatchlistItem | Favorite, bool]:
    with transaction.atomic():
        entry, created = model.objects.get_or_create(user=user, content=content)
        if created:
            interaction_announce(
                sender=model, kind=kind, user=user, content=content, context=context
            )
    return entry, created


def _list_remove(
    model: type[WatchlistItem] | type[Favorite],
    kind: InteractionKind,
    *,
    user: User,
    content_id: int,
    context: dict[str, Any] | None,
) -> None:
    with transaction.atomic():
        entry = model.objects.select_related("content").filter(user=user, content_id=content_id)
        found = entry.first()
        if found is None:
            raise NotFoundError(f"Content {content_id} is not in this list.")
        found.delete()
        interaction_announce(
            sender=model, kind=kind, user=user, content=found.content, context=context
        )


def watchlist_add(
    *, user: User, content: Content, context: dict[str, Any] | None = None
) -> tuple[WatchlistItem, bool]:
    entry, created = _list_add(
        WatchlistItem, InteractionKind.WATCHLIST_ADD, user=user, content=content, context=context
    )
    assert isinstance(entry, WatchlistItem)
    return entry, created


def watchlist_remove(*, user: User, content_id: int, context: dict[str, Any] | None = None) -> None:
    _list_remove(
        WatchlistItem,
        InteractionKind.WATCHLIST_REMOVE,
        user=user,
        content_id=content_id,
        context=context,
    )


def favorite_add(
    *, user: User, content: Content, context: dict[str, Any] | None = None
) -> tuple[Favorite, bool]:
    entry, created = _list_add(
        Favorite, InteractionKind.FAVORITE_ADD, user=user, content=content, context=context
    )
    assert isinstance(entry, Favorite)
    return entry, created


def favorite_remove(*, user: User, content_id: int, context: dict[str, Any] | None = None) -> None:
    _list_remove(
        Favorite,
        InteractionKind.FAVORITE_REMOVE,
        user=user,
        content_id=content_id,
        context=context,
    )


def rating_upsert(
    *,
    user: User,
    content: Content,
    rating: int | None = None,
    review: str | None = None,
    context: dict[str, Any] | None = None,
) -> tuple[Rating, bool]:
    """One rating per user and title, with PATCH semantics: a field passed as None keeps its
    stored value (a new star rating never erases the review). A new rating needs its score;
    each score given is logged as a rate event."""
    changes = {
        field: value
        for field, value in (("rating", rating), ("review", review))
        if value is not None
    }
    if not changes:
        raise ApplicationError(
            "Send a rating, a review or both.", code="nothing_to_change", details={}
        )
    with transaction.atomic():
        row = Rating.objects.select_for_update().filter(user=user, content=content).first()
        created = False
        if row is None:
            row, created = _rating_create(user=user, content=content, rating=rating, review=review)
        if not created:
            for field, value in changes.items():
                setattr(row, field, value)
            row.save(update_fields=[*changes, "updated_at"])
        if rating is not None:
            interaction_announce(
                sender=Rating,
                kind=InteractionKind.RATE,
                user=user,
                content=content,
                value=rating,
                context=context,
            )
    return row, created


def _rating_create(
    *, user: User, content: Content, rating: int | None, review: str | None
) -> tuple[Rating, bool]:
    """The new row; (row, False) when a concurrent request created it first."""
    if rating is None:
        raise ApplicationError(
            "Rate the title before writing only a review of it.",
            code="rating_required",
            details={"rating": ["This field is required for a new rating."]},
        )
    return Rating.objects.get_or_create(
        user=user, content=content, defaults={"rating": rating, "review": review or ""}
    )


def rating_delete(*, user: User, content_id: int) -> None:
    deleted, _ = Rating.objects.filter(user=user, content_id=content_id).delete()
    if not deleted:
        raise NotFoundError(f"You have not rated content {content_id}.")
