from django.db.models import QuerySet

from apps.accounts.models import Favorite, Rating, User, WatchlistItem


def user_for_login(*, identifier: str) -> User | None:
    """The account an e-mail address or a username names: e-mail first, then the exact handle,
    then the handle in any case when only one account has it."""
    identifier = identifier.strip()
    if not identifier:
        return None
    by_email = User.objects.filter(email__iexact=identifier).first()
    if by_email is not None:
        return by_email
    exact = User.objects.filter(username=identifier).first()
    if exact is not None:
        return exact
    folded = list(User.objects.filter(username__iexact=identifier)[:2])
    return folded[0] if len(folded) == 1 else None


def watchlist_list(*, user: User) -> QuerySet[WatchlistItem]:
    return WatchlistItem.objects.filter(user=user).select_related("content")


def favorite_list(*, user: User) -> QuerySet[Favorite]:
    return Favorite.objects.filter(user=user).select_related("content")


def rating_list(*, user: User) -> QuerySet[Rating]:
    return Rating.objects.filter(user=user).select_related("content")
