from django.db import models
from django.db.models import Q

from apps.core.models import BaseModel


class ContentKind(models.TextChoices):
    MOVIE = "movie", "Movie"
    TV = "tv", "TV show"
    ANIME = "anime", "Anime"


class Genre(models.Model):
    """The one normalised genre vocabulary (apps/catalog/genres.py) that provider genres map onto."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _unique_when_set(field: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=[field], condition=Q(**{f"{field}__isnull": False}), name=f"content_unique_{field}"
    )


class Content(BaseModel):
    """One merged record per title (movie, TV show or anime), whatever sources it came from.

    `provenance` records, per field, which source gave the current value and when; merging only
    lets a source overwrite a field it has at least the priority of (see docs/catalog.md).
    """

    kind = models.CharField(max_length=8, choices=ContentKind.choices)
    title = models.CharField(max_length=300)
    original_title = models.CharField(max_length=300, blank=True)
    normalized_title = models.CharField(max_length=300, db_index=True, editable=False)
    titles = models.JSONField(
        default=dict, blank=True, help_text="localised titles by language code"
    )
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="other names: synonyms, romanisations, former titles (searched and matched on)",
    )
    search_key = models.CharField(
        max_length=300, blank=True, db_index=True, editable=False, help_text="phonetic key of title"
    )
    synonyms = models.JSONField(
        default=list,
        blank=True,
        help_text="names sources list as synonyms (Jikan title_synonyms): searched, never matched "
        "on (two seasons may share one)",
    )
    synonym_keys = models.TextField(
        blank=True,
        editable=False,
        help_text="phonetic keys of the synonyms, space-separated and padded (search only)",
    )
    alias_keys = models.TextField(
        blank=True,
        editable=False,
        help_text="phonetic keys of every other form of the title, space-separated and padded",
    )
    original_language = models.CharField(max_length=8, blank=True, help_text="ISO 639-1")
    spoken_languages = models.JSONField(default=list, blank=True)
    overview = models.TextField(blank=True)
    overviews = models.JSONField(default=dict, blank=True, help_text="overviews by language code")
    genres = models.ManyToManyField(Genre, blank=True, related_name="contents")
    keywords = models.JSONField(default=list, blank=True)
    release_date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    runtime_minutes = models.PositiveIntegerField(null=True, blank=True)
    episodes = models.PositiveIntegerField(null=True, blank=True)
    seasons = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=40, blank=True)
    countries = models.JSONField(default=list, blank=True, help_text="ISO 3166-1 codes")
    certification = models.CharField(max_length=16, blank=True)
    poster_url = models.URLField(max_length=500, blank=True)
    backdrop_url = models.URLField(max_length=500, blank=True)
    trailer_youtube_id = models.CharField(max_length=20, blank=True)
    free_youtube_id = models.CharField(
        max_length=20, blank=True, help_text="full film on an official channel"
    )

    tmdb_type = models.CharField(
        max_length=5, blank=True, help_text="movie or tv: TMDB ids are per type"
    )
    tmdb_id = models.PositiveIntegerField(null=True, blank=True)
    imdb_id = models.CharField(max_length=16, null=True, blank=True)
    mal_id = models.PositiveIntegerField(null=True, blank=True)
    movielens_id = models.PositiveIntegerField(null=True, blank=True)
    tvmaze_rank = models.PositiveIntegerField(
        null=True, blank=True, help_text="demo TV data set key"
    )

    tmdb_vote_average = models.FloatField(null=True, blank=True)
    tmdb_vote_count = models.PositiveIntegerField(null=True, blank=True)
    imdb_rating = models.FloatField(null=True, blank=True)
    imdb_votes = models.PositiveIntegerField(null=True, blank=True)
    rotten_tomatoes = models.PositiveSmallIntegerField(null=True, blank=True, help_text="percent")
    metacritic = models.PositiveSmallIntegerField(null=True, blank=True)
    mal_score = models.FloatField(null=True, blank=True)
    mal_scored_by = models.PositiveIntegerField(null=True, blank=True)

    popularity = models.FloatField(default=0.0, help_text="0-100 across sources, for sorting")
    rating = models.FloatField(null=True, blank=True, help_text="0-10 vote-weighted across sources")
    is_adult = models.BooleanField(default=False)
    provenance = models.JSONField(default=dict, blank=True)
    hidden = models.BooleanField(
        default=False, help_text="curators: removed from every list, search and recommendation"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tmdb_type", "tmdb_id"],
                condition=Q(tmdb_id__isnull=False),
                name="content_unique_tmdb",
            ),
            _unique_when_set("imdb_id"),
            _unique_when_set("mal_id"),
            _unique_when_set("movielens_id"),
            _unique_when_set("tvmaze_rank"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=0, rating__lte=10),
                name="content_rating_0_10",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "-popularity"], name="content_kind_popularity"),
            models.Index(
                fields=["original_language", "-popularity"], name="content_language_popularity"
            ),
            models.Index(
                fields=["kind", "original_language", "-popularity"], name="content_kind_lang_pop"
            ),
            models.Index(fields=["year"], name="content_year"),
            models.Index(fields=["-popularity"], name="content_popularity"),
            models.Index(fields=["-rating"], name="content_rating"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


class MatchReview(BaseModel):
    """An ambiguous match found during ingestion, waiting for a curator instead of a blind merge."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        MERGED = "merged", "Merged into the match"
        CREATED = "created", "Created as a new title"
        REJECTED = "rejected", "Rejected"

    source = models.CharField(max_length=16)
    source_key = models.CharField(max_length=64, help_text="provider id, e.g. tmdb:movie:550")
    candidate = models.JSONField(help_text="the normalised incoming record")
    match = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="match_reviews")
    score = models.FloatField(help_text="title similarity 0-100")
    reason = models.CharField(max_length=200)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key", "match"],
                condition=Q(status="pending"),
                name="matchreview_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_key} ~ {self.match_id} ({self.score:.0f})"
