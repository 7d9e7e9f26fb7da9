"""A/B tests: deterministic assignment, exposure and click logging, per-variant metrics with
95% Wilson confidence intervals, and the daily per-variant rollup analytics stores."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate

from apps.accounts.models import User
from apps.analytics.models import Interaction, InteractionKind, RecommendationDaily
from apps.core.stats import wilson  # also read as experiments.wilson
from recommender.models import Experiment, ExperimentEvent, Variant

CONVERSIONS = (InteractionKind.WATCHLIST_ADD, InteractionKind.RATE, InteractionKind.FAVORITE_ADD)
# The daily rollup has counted only these two since it was written; kept so its history stays
# comparable (a favourite is not a conversion there).
ROLLUP_CONVERSIONS = (InteractionKind.WATCHLIST_ADD, InteractionKind.RATE)


ACTIVE_KEY = "reco:experiment:active"
ACTIVE_TTL = 30  # seconds; a save or delete clears it at once (see forget_active_experiment)
_NO_EXPERIMENT = "none"


def active_experiment() -> Experiment | None:
    """The running experiment with its variants, read on every personalised request, so cached."""
    cached = cache.get(ACTIVE_KEY)
    if cached is None:
        experiment = Experiment.objects.filter(is_active=True).prefetch_related("variants").first()
        cached = experiment if experiment is not None else _NO_EXPERIMENT
        cache.set(ACTIVE_KEY, cached, timeout=ACTIVE_TTL)
    return cached if isinstance(cached, Experiment) else None


def forget_active_experiment(**_: Any) -> None:
    """Connected to saves and deletes of experiments and variants: now and again after the
    transaction commits (a request between the two would cache the old rows). On the per-process
    local-memory cache other processes see the change within ACTIVE_TTL; on Redis at once."""
    cache.delete(ACTIVE_KEY)
    transaction.on_commit(lambda: cache.delete(ACTIVE_KEY))


def assign(experiment: Experiment, user_id: int) -> Variant | None:
    """The same user always gets the same variant: sha256(experiment, user) over the weights."""
    variants = list(experiment.variants.all())
    if not variants:
        return None
    total = sum(v.weight for v in variants)
    bucket = int(hashlib.sha256(f"{experiment.pk}:{user_id}".encode()).hexdigest(), 16) % total
    for variant in variants:
        if bucket < variant.weight:
            return variant
        bucket -= variant.weight
    return variants[-1]


def log_exposures(
    experiment: Experiment, variant: Variant, user: User, content_ids: list[int]
) -> None:
    ExperimentEvent.objects.bulk_create(
        [
            ExperimentEvent(
                experiment=experiment,
                variant=variant,
                user=user,
                content_id=cid,
                kind=ExperimentEvent.Kind.EXPOSURE,
            )
            for cid in content_ids
        ]
    )


def log_click(user: User, content_id: int) -> ExperimentEvent | None:
    """A click counts for the variant that exposed this title to this user most recently."""
    exposure = (
        ExperimentEvent.objects.filter(
            user=user,
            content_id=content_id,
            kind=ExperimentEvent.Kind.EXPOSURE,
            experiment__is_active=True,
        )
        .order_by("-created_at")
        .first()
    )
    if exposure is None:
        return None
    return ExperimentEvent.objects.create(
        experiment_id=exposure.experiment_id,
        variant_id=exposure.variant_id,
        user=user,
        content_id=content_id,
        kind=ExperimentEvent.Kind.CLICK,
    )


@dataclass(frozen=True)
class VariantResult:
    variant: str
    algorithm: str
    users: int
    exposures: int
    clicks: int
    conversions: int

    def as_dict(self) -> dict[str, Any]:
        ctr = self.clicks / self.exposures if self.exposures else 0.0
        conversion = self.conversions / self.exposures if self.exposures else 0.0
        return {
            "variant": self.variant,
            "algorithm": self.algorithm,
            "users": self.users,
            "exposures": self.exposures,
            "clicks": self.clicks,
            "conversions": self.conversions,
            "ctr": round(ctr, 4),
            "ctr_ci95": wilson(self.clicks, self.exposures),
            "conversion_rate": round(conversion, 4),
            "conversion_ci95": wilson(self.conversions, self.exposures),
        }


def results(experiment: Experiment) -> list[dict[str, Any]]:
    """Per variant: exposed users, exposures, clicks, CTR and conversion to watchlist/rating."""
    window = timedelta(days=experiment.conversion_window_days)
    out = []
    for variant in experiment.variants.all():
        exposures = ExperimentEvent.objects.filter(
            variant=variant, kind=ExperimentEvent.Kind.EXPOSURE
        )
        converted = Interaction.objects.filter(
            user=OuterRef("user"),
            content=OuterRef("content"),
            kind__in=CONVERSIONS,
            created_at__gte=OuterRef("created_at"),
            created_at__lte=OuterRef("created_at") + window,
        )
        conversions = exposures.filter(Exists(converted)).count()
        out.append(
            VariantResult(
                variant=variant.name,
                algorithm=variant.algorithm,
                users=exposures.values("user").distinct().count(),
                exposures=exposures.count(),
                clicks=ExperimentEvent.objects.filter(
                    variant=variant, kind=ExperimentEvent.Kind.CLICK
                ).count(),
                conversions=conversions,
            ).as_dict()
        )
    return out


def recommendation_daily(start: datetime, end: datetime) -> list[RecommendationDaily]:
    """Per day and variant: exposures, clicks, conversions within the experiment's window.
    One grouped query per experiment with events in the range (each has its own window);
    registered with analytics' rollups (apps/analytics/rollup_sources.py)."""
    out = []
    in_range = ExperimentEvent.objects.filter(created_at__gte=start, created_at__lt=end)
    for experiment in Experiment.objects.filter(Exists(in_range.filter(experiment=OuterRef("pk")))):
        converted = Interaction.objects.filter(
            user=OuterRef("user"),
            content=OuterRef("content"),
            kind__in=ROLLUP_CONVERSIONS,
            created_at__gte=OuterRef("created_at"),
            created_at__lte=OuterRef("created_at")
            + timedelta(days=experiment.conversion_window_days),
        )
        grouped = (
            in_range.filter(experiment=experiment)
            .annotate(day=TruncDate("created_at"), converted=Exists(converted))
            .values("day", "variant__name", "variant__algorithm")
            .annotate(
                exposures=Count("id", filter=Q(kind=ExperimentEvent.Kind.EXPOSURE)),
                clicks=Count("id", filter=Q(kind=ExperimentEvent.Kind.CLICK)),
                conversions=Count(
                    "id", filter=Q(kind=ExperimentEvent.Kind.EXPOSURE, converted=True)
                ),
            )
            .order_by()
        )
        out += [
            RecommendationDaily(
                day=row["day"],
                experiment=experiment.name,
                variant=row["variant__name"],
                algorithm=row["variant__algorithm"],
                exposures=row["exposures"],
                clicks=row["clicks"],
                conversions=row["conversions"],
            )
            for row in grouped
        ]
    return out
