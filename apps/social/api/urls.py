from django.urls import path

from apps.social.api import views

content_urlpatterns = [
    path("<id:content_id>/reviews", views.ContentReviewsApi.as_view(), name="content-reviews"),
]

urlpatterns = [
    path("reviews/<id:review_id>/helpful", views.HelpfulVoteApi.as_view(), name="review-helpful"),
    path("reviews/<id:review_id>/report", views.ReviewReportApi.as_view(), name="review-report"),
    path("lists/", views.ListsApi.as_view(), name="lists"),
    path("lists/<str:slug>", views.ListDetailApi.as_view(), name="list-detail"),
    path("lists/<str:slug>/items", views.ListItemsApi.as_view(), name="list-items"),
    path("lists/<str:slug>/items/<id:content_id>", views.ListItemApi.as_view(), name="list-item"),
]
