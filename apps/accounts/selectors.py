from django.db.models import QuerySet

from apps.accounts.models import Favorite, Rating, User, WatchlistItem


def watchlist_list(*, user: User) -> QuerySet[WatchlistItem]:
    return WatchlistItem.objects.filter(user=user).select_related("content")


def favorite_list(*, user: User) -> QuerySet[Favorite]:
    return Favorite.objects.filter(user=user).select_related("content")


def rating_list(*, user: User) -> QuerySet[Rating]:
    return Rating.objects.filter(user=user).select_related("content")
