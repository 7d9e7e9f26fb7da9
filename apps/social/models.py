from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.models import BaseModel

REVIEW_LANGUAGES = [
    ("en", "English"),
    ("hi", "Hindi"),
    ("te", "Telugu"),
    ("ta", "Tamil"),
    ("kn", "Kannada"),
    ("ml", "Malayalam"),
    ("ja", "Japanese"),
    ("other", "Other"),
]


class ReviewMeta(BaseModel):
    """What a review needs beyond apps.accounts.Rating (which holds the text): spoiler flag,
    language and the curators' hide switch. Kept here so accounts needs no migration."""

    rating = models.OneToOneField(
        "accounts.Rating", on_delete=models.CASCADE, related_name="review_meta"
    )
    spoiler = models.BooleanField(default=False)
    language = models.CharField(max_length=8, choices=REVIEW_LANGUAGES, default="en")
    is_hidden = models.BooleanField(default=False, db_index=True)
    hidden_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "review"

    def __str__(self) -> str:
        return f"review {self.rating_id}"


class HelpfulVote(BaseModel):
    """One 'helpful' per user per review."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    rating = models.ForeignKey(
        "accounts.Rating", on_delete=models.CASCADE, related_name="helpful_votes"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "rating"], name="helpfulvote_one_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} found {self.rating_id} helpful"


class ReviewReport(BaseModel):
    """A reader's report of a review: the curators' queue in the admin."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        HIDDEN = "hidden", "Review hidden"
        DISMISSED = "dismissed", "Dismissed"

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abusive or hateful"
        SPOILER = "spoiler", "Unmarked spoiler"
        OTHER = "other", "Other"

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.ForeignKey("accounts.Rating", on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "rating"],
                condition=Q(status="open"),
                name="reviewreport_one_open_per_reporter",
            )
        ]

    def __str__(self) -> str:
        return f"report {self.pk} on {self.rating_id}: {self.status}"


class ListKind(models.TextChoices):
    CUSTOM = "custom", "Named list"
    WATCHLIST = "watchlist", "Watchlist"
    FAVORITES = "favorites", "Favourites"


class UserList(BaseModel):
    """A named list, or the public face of a user's watchlist or favourites (whose entries stay in
    apps.accounts); public lists are readable by anyone at their slug."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lists"
    )
    kind = models.CharField(max_length=10, choices=ListKind.choices, default=ListKind.CUSTOM)
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True, max_length=1000)
    is_public = models.BooleanField(default=False)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "kind"],
                condition=~Q(kind="custom"),
                name="userlist_one_watchlist_or_favorites",
            )
        ]

    def __str__(self) -> str:
        return self.name


class UserListItem(models.Model):
    user_list = models.ForeignKey(UserList, on_delete=models.CASCADE, related_name="items")
    content = models.ForeignKey("catalog.Content", on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user_list", "content"], name="userlistitem_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_list_id}: {self.content_id}"
