from django.urls import path

from apps.accounts.api import auth_views, user_views

app_name = "accounts-api"

auth_urlpatterns = [
    path("register", auth_views.RegisterApi.as_view(), name="register"),
    path("login", auth_views.LoginApi.as_view(), name="login"),
    path("refresh", auth_views.RefreshApi.as_view(), name="refresh"),
    path("logout", auth_views.LogoutApi.as_view(), name="logout"),
]

user_urlpatterns = [
    path("profile", user_views.ProfileApi.as_view(), name="profile"),
    path("watchlist", user_views.WatchlistApi.as_view(), name="watchlist"),
    path(
        "watchlist/<id:content_id>", user_views.WatchlistItemApi.as_view(), name="watchlist-item"
    ),
    path("favorites", user_views.FavoritesApi.as_view(), name="favorites"),
    path("favorites/<id:content_id>", user_views.FavoriteItemApi.as_view(), name="favorites-item"),
    path("rating", user_views.RatingApi.as_view(), name="rating"),
    path("rating/<id:content_id>", user_views.RatingItemApi.as_view(), name="rating-item"),
]
