from django.urls import path

from apps.web.views import account, browse, home, language, library, titles

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("title/<id:content_id>/", titles.title, name="title"),
    path("title/<id:content_id>/watchlist", titles.watchlist_toggle, name="watchlist-toggle"),
    path("title/<id:content_id>/favourite", titles.favourite_toggle, name="favourite-toggle"),
    path("title/<id:content_id>/rate", titles.rate, name="rate"),
    path("search/", browse.search, name="search"),
    path("browse/", browse.browse_index, name="browse"),
    path("browse/genre/<slug:slug>/", browse.by_genre, name="browse-genre"),
    path("browse/language/<str:code>/", browse.by_language, name="browse-language"),
    path("browse/kind/<str:kind>/", browse.by_kind, name="browse-kind"),
    path("browse/mood/<slug:mood>/", browse.by_mood, name="browse-mood"),
    path("signup/", account.signup, name="signup"),
    path("signin/", account.signin, name="signin"),
    path("signout/", account.signout, name="signout"),
    path("onboarding/", account.onboarding, name="onboarding"),
    path("onboarding/rate/", account.onboarding_rate, name="onboarding-rate"),
    path("profile/", account.profile, name="profile"),
    path("watchlist/", library.watchlist, name="watchlist"),
    path("favourites/", library.favourites, name="favourites"),
    path("ratings/", library.ratings, name="ratings"),
    path("language/", language.set_language, name="set-language"),
]
