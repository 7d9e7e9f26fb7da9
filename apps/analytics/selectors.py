"""Analytics reads for the dashboard and GET /api/admin/analytics: a fixed number of queries
whatever the range (asserted in tests)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import Max, Sum
from django.utils.translation import get_language_info

from apps.analytics.models import DailyMetric, RecommendationDaily, TitleDaily
from apps.analytics.system import system_panel
from apps.core.stats import wilson
from apps.core.vocabulary import language_name, state_lookup

TOP_TITLES = 20


def latest_rollup_day() -> date | None:
    return DailyMetric.objects.aggregate(day=Max("day"))["day"]


def _daily(start: date, end: date) -> dict[str, Any]:
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    index = {day: i for i, day in enumerate(days)}
    series: dict[str, list[int]] = {m: [0] * len(days) for m in DailyMetric.Metric.values}
    by_language: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_state: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = DailyMetric.objects.filter(day__gte=start, day__lte=end).values_list(
        "day", "metric", "language", "state", "value"
    )
    for day, metric, language, state, value in rows:
        if not language and not state:
            series[metric][index[day]] = value
        elif language and metric != DailyMetric.Metric.ACTIVE_USERS:
            by_language[metric][language] += value
        elif state and metric != DailyMetric.Metric.ACTIVE_USERS:
            by_state[metric][state] += value
    totals = {m: sum(v) for m, v in series.items() if m != DailyMetric.Metric.ACTIVE_USERS}
    return {
        "days": [d.isoformat() for d in days],
        "series": series,
        "totals": totals,
        "by_language": {m: dict(v) for m, v in by_language.items()},
        "by_state": {m: dict(v) for m, v in by_state.items()},
    }


def _titles(start: date, end: date) -> list[dict[str, Any]]:
    rows = (
        TitleDaily.objects.filter(day__gte=start, day__lte=end)
        .values("content_id", "content__title", "content__original_language")
        .annotate(
            views=Sum("views"),
            clicks=Sum("clicks"),
            adds=Sum("watchlist_adds"),
            ratings=Sum("ratings"),
            rating_sum=Sum("rating_sum"),
        )
        .order_by("-ratings", "-adds", "-views", "content_id")[:TOP_TITLES]
    )
    return [
        {
            "content_id": r["content_id"],
            "title": r["content__title"],
            "language": r["content__original_language"],
            "views": r["views"],
            "clicks": r["clicks"],
            "watchlist_adds": r["adds"],
            "ratings": r["ratings"],
            "average_rating": round(r["rating_sum"] / r["ratings"], 2) if r["ratings"] else None,
        }
        for r in rows
    ]


def _recommendations(start: date, end: date) -> list[dict[str, Any]]:
    rows = (
        RecommendationDaily.objects.filter(day__gte=start, day__lte=end)
        .values("experiment", "variant", "algorithm")
        .annotate(exposures=Sum("exposures"), clicks=Sum("clicks"), conversions=Sum("conversions"))
        .order_by("experiment", "variant")
    )
    out = []
    for r in rows:
        n = r["exposures"] or 0
        out.append(
            {
                **r,
                "ctr": round(r["clicks"] / n, 4) if n else 0.0,
                "ctr_ci95": wilson(min(r["clicks"], n), n),
                "conversion_rate": round(r["conversions"] / n, 4) if n else 0.0,
                "conversion_ci95": wilson(r["conversions"], n),
            }
        )
    return out


def _language_label(code: str) -> str:
    """The language's name in the curator's language where Django knows it ('te' -> 'Telugu',
    'తెలుగు' in a Telugu admin), else its English name."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return language_name(code)


def _state_label(code: str) -> str:
    state = state_lookup(code)
    return state.name if state else code


def _labels(daily: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Human names for what the page shows: metrics, and the languages and states present."""
    languages = {code for counts in daily["by_language"].values() for code in counts}
    states = {code for counts in daily["by_state"].values() for code in counts}
    return {
        "metrics": {m.value: str(m.label) for m in DailyMetric.Metric},
        "languages": {code: _language_label(code) for code in sorted(languages)},
        "states": {code: _state_label(code) for code in sorted(states)},
    }


def analytics_summary(*, start: date, end: date, system: bool = True) -> dict[str, Any]:
    """Everything the dashboard shows for start..end (inclusive)."""
    daily = _daily(start, end)
    summary: dict[str, Any] = {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "latest_rollup": (latest := latest_rollup_day()) and latest.isoformat(),
        "daily": daily,
        "labels": _labels(daily),
        "titles": _titles(start, end),
        "recommendations": _recommendations(start, end),
    }
    if system:
        summary["system"] = system_panel()
    return summary
