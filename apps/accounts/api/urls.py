from django.urls import path

from apps.accounts.api import auth_views, email_views, user_views

app_name = "accounts-api"

auth_urlpatterns = [
    path("register", auth_views.RegisterApi.as_view(), name="register"),
    path("login", auth_views.LoginApi.as_view(), name="login"),
    path("refresh", auth_views.RefreshApi.as_view(), name="refresh"),
    path("logout", auth_views.LogoutApi.as_view(), name="logout"),
    path("password/reset", email_views.PasswordResetApi.as_view(), name="password-reset"),
    path(
        "password/reset/confirm",
        email_views.PasswordResetConfirmApi.as_view(),
        name="password-reset-confirm",
    ),
    path("email/confirm", email_views.EmailChangeConfirmApi.as_view(), name="email-confirm"),
]

user_urlpatterns = [
    path("profile", user_views.ProfileApi.as_view(), name="profile"),
    path("email", email_views.EmailChangeApi.as_view(), name="email-change"),
    path("watchlist", user_views.WatchlistApi.as_view(), name="watchlist"),
    path("watchlist/<id:content_id>", user_views.WatchlistItemApi.as_view(), name="watchlist-item"),
    path("favorites", user_views.FavoritesApi.as_view(), name="favorites"),
    path("favorites/<id:content_id>", user_views.FavoriteItemApi.as_view(), name="favorites-item"),
    path("rating", user_views.RatingApi.as_view(), name="rating"),
    path("rating/<id:content_id>", user_views.RatingItemApi.as_view(), name="rating-item"),
]
