from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from apps.accounts.handles import HANDLE_MAX, generate_handle, validate_handle_format
from apps.core.models import BaseModel


class AccountManager(UserManager["User"]):
    """Users log in with their e-mail address or their username, which is their public handle:
    generated when none is given, never the address (apps/accounts/handles.py)."""

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: object
    ) -> "User":
        extra.setdefault("username", self._free_handle())
        return super().create_user(email=email, password=password, **extra)  # type: ignore[arg-type]

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: object
    ) -> "User":
        extra.setdefault("username", self._free_handle())
        return super().create_superuser(email=email, password=password, **extra)  # type: ignore[arg-type]

    def _free_handle(self) -> str:
        return generate_handle(is_taken=lambda h: self.filter(username__iexact=h).exists())


class User(AbstractUser):
    # The public handle: shown beside reviews and lists, one per person in any letter case.
    username = models.CharField(
        "handle",
        max_length=150,
        unique=True,
        validators=[validate_handle_format],
        help_text=f"Public handle: up to {HANDLE_MAX} letters, digits, - and _; never an e-mail.",
        error_messages={"unique": "This handle is taken."},
    )
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
            models.UniqueConstraint(
                Lower("username"),
                name="user_handle_ci_unique",
                violation_error_message="This handle is taken.",
            ),
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """What others see: the display name, else the handle; never the e-mail address."""
        return self.display_name or self.username


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
