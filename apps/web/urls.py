from django.urls import path

from apps.web.pages import (
    account,
    account_email,
    browse,
    discover,
    home,
    language,
    library,
    lists,
    titles,
)

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
    path("onboarding/platforms/", account.onboarding_platforms, name="onboarding-platforms"),
    path("onboarding/rate/", account.onboarding_rate, name="onboarding-rate"),
    path("platforms/", account.platforms, name="platforms"),
    path("profile/", account.profile, name="profile"),
    path("watchlist/", library.watchlist, name="watchlist"),
    path("favourites/", library.favourites, name="favourites"),
    path("ratings/", library.ratings, name="ratings"),
    path("language/", language.set_language, name="set-language"),
    path("free/", discover.free, name="free"),
    path("festivals/", discover.festival_index, name="festivals"),
    path("festivals/<slug:slug>/", discover.festival_page, name="festival"),
    path("collections/", discover.collections, name="collections"),
    path("collections/<slug:slug>/", discover.collection, name="collection"),
    # apps.social's share cards link here (SHARE_LIST_PATH = /lists/{slug}); Unicode slugs
    path("lists/<str:slug>", lists.public_list, name="list"),
    # the links in the account e-mails (apps.accounts.email_flows), exactly as sent
    path("account/reset/", account_email.reset_request, name="reset-request"),
    path("account/reset/<str:uid>/<str:token>", account_email.reset_confirm, name="reset-confirm"),
    path("account/email/<str:token>", account_email.email_confirm, name="email-confirm"),
]
