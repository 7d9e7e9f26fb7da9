from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from apps.core.models import BaseModel


class AccountManager(UserManager["User"]):
    """Users log in with their e-mail address; the username is a public handle."""

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: object
    ) -> "User":
        extra.setdefault("username", email)
        return super().create_user(email=email, password=password, **extra)  # type: ignore[arg-type]

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: object
    ) -> "User":
        extra.setdefault("username", email)
        return super().create_superuser(email=email, password=password, **extra)  # type: ignore[arg-type]


class User(AbstractUser):
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=80, blank=True)
    preferred_languages = models.JSONField(default=list, blank=True, help_text="ISO 639-1 codes")
    preferred_genres = models.JSONField(default=list, blank=True, help_text="genre slugs")
    preferred_content_types = models.JSONField(
        default=list, blank=True, help_text="movie, tv, anime"
    )
    country = models.CharField(
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Use an ISO 3166-1 alpha-2 code such as IN.")],
    )
    region = models.CharField(max_length=80, blank=True, help_text="state or province")
    location_source = models.CharField(
        max_length=8,
        blank=True,
        choices=[("ip", "IP detection"), ("user", "Set by the user")],
    )
    ui_language = models.CharField(max_length=8, default="en")
    onboarding_completed = models.BooleanField(default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    objects = AccountManager()  # type: ignore[misc]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email


# The profile a person edits (API, admin and site): the one list every layer uses.
PROFILE_FIELDS: tuple[str, ...] = (
    "display_name",
    "preferred_languages",
    "preferred_genres",
    "preferred_content_types",
    "country",
    "region",
    "ui_language",
    "onboarding_completed",
)


class LibraryEntry(models.Model):
    """A title a user put in one of their lists; one row per user and title."""

    user = models.ForeignKey(User, on_delete=models.CASCADE)
    content = models.ForeignKey("catalog.Content", on_delete=models.CASCADE)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-added_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.content_id}"


class WatchlistItem(LibraryEntry):
    class Meta(LibraryEntry.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content"], name="watchlist_unique_user_content"
            )
        ]


class Favorite(LibraryEntry):
    class Meta(LibraryEntry.Meta):
        constraints = [
            models.UniqueConstraint(fields=["user", "content"], name="favorite_unique_user_content")
        ]


class Rating(BaseModel):
    """A user's 1-10 rating of a title with an optional review; re-rating updates the one row."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="ratings")
    content = models.ForeignKey("catalog.Content", on_delete=models.CASCADE, related_name="ratings")
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    review = models.TextField(blank=True, max_length=5000)
    review_is_public = models.BooleanField(default=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "content"], name="rating_unique_user_content"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=10), name="rating_between_1_and_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} rated {self.content_id}: {self.rating}"
