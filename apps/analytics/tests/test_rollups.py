import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from apps.accounts.models import Rating
from apps.accounts.tests.factories import UserFactory
from apps.analytics.models import DailyMetric, Interaction, SearchQuery, TitleDaily
from apps.analytics.rollups import rollup_range
from apps.analytics.selectors import analytics_summary
from apps.catalog.tests.factories import ContentFactory

DAY = date(2026, 3, 10)
AT = datetime(2026, 3, 10, 12, tzinfo=UTC)


def _metric(metric, language="", state=""):
    row = DailyMetric.objects.filter(day=DAY, metric=metric, language=language, state=state).first()
    return row.value if row else 0


@pytest.fixture
def activity(db):
    telugu = ContentFactory(title="Magadheera", original_language="te")
    tamil = ContentFactory(title="Vikram", original_language="ta")
    hyd = UserFactory(region="Telangana", preferred_languages=["te"])
    chennai = UserFactory(region="IN-TN", preferred_languages=["ta"])
    hyd.date_joined = chennai.date_joined = AT
    hyd.save()
    chennai.save()
    for user, content, score in ((hyd, telugu, 9), (chennai, telugu, 7), (chennai, tamil, 8)):
        rating = Rating.objects.create(user=user, content=content, rating=score)
        Rating.objects.filter(pk=rating.pk).update(updated_at=AT)
    Interaction.objects.create(user=hyd, content=telugu, kind="view", created_at=AT)
    Interaction.objects.create(user=hyd, content=tamil, kind="watchlist_add", created_at=AT)
    Interaction.objects.create(
        user=hyd, content=telugu, kind="view", created_at=AT - timedelta(days=3)
    )
    SearchQuery.objects.create(user=hyd, query="rrr", result_count=3, created_at=AT)
    SearchQuery.objects.create(user=chennai, query="zzzz", result_count=0, created_at=AT)
    return telugu, tamil


def test_rollup_counts_users_ratings_adds_and_searches_by_language_and_state(activity):
    rollup_range(start=DAY, end=DAY)
    assert _metric("active_users") == 2
    assert _metric("active_users", state="IN-TS") == 1
    assert _metric("new_users") == 2
    assert _metric("new_users", language="te") == 1
    assert _metric("ratings") == 3
    assert _metric("ratings", language="te") == 2
    assert _metric("ratings", state="IN-TN") == 2
    assert _metric("watchlist_adds", language="ta") == 1
    assert _metric("searches") == 2
    assert _metric("zero_result_searches") == 1
    assert _metric("zero_result_searches", language="ta", state="") == 1
    telugu, _ = activity
    row = TitleDaily.objects.get(day=DAY, content=telugu)
    assert (row.views, row.ratings, row.rating_sum) == (1, 2, 16)


def test_rollup_twice_gives_the_same_rows(activity):
    rollup_range(start=DAY, end=DAY)
    before = sorted(DailyMetric.objects.values_list("metric", "language", "state", "value"))
    rollup_range(start=DAY, end=DAY)
    after = sorted(DailyMetric.objects.values_list("metric", "language", "state", "value"))
    assert before == after


def test_summary_has_series_title_table_and_averages(activity):
    call_command("analytics_rollup", "--all")
    summary = analytics_summary(start=DAY - timedelta(days=3), end=DAY, system=False)
    assert summary["daily"]["days"][0] == "2026-03-07"
    assert summary["daily"]["series"]["ratings"] == [0, 0, 0, 3]
    assert summary["daily"]["series"]["active_users"] == [1, 0, 0, 2]
    assert summary["daily"]["by_language"]["ratings"] == {"te": 2, "ta": 1}
    top = summary["titles"][0]
    assert (top["title"], top["ratings"], top["average_rating"], top["views"]) == (
        "Magadheera",
        2,
        8.0,
        2,
    )


def test_recommendation_ctr_and_conversion_with_wilson_intervals(db):
    from recommender.models import Experiment, ExperimentEvent, Variant

    experiment = Experiment.objects.create(name="hybrid-vs-knn", is_active=True)
    variant = Variant.objects.create(experiment=experiment, name="B", algorithm="item_knn")
    user = UserFactory()
    contents = [ContentFactory() for _ in range(4)]
    for content in contents:
        ExperimentEvent.objects.create(
            experiment=experiment,
            variant=variant,
            user=user,
            content=content,
            kind="exposure",
            created_at=AT,
        )
    ExperimentEvent.objects.create(
        experiment=experiment,
        variant=variant,
        user=user,
        content=contents[0],
        kind="click",
        created_at=AT,
    )
    Interaction.objects.create(
        user=user, content=contents[0], kind="watchlist_add", created_at=AT + timedelta(hours=1)
    )
    rollup_range(start=DAY, end=DAY)
    (row,) = analytics_summary(start=DAY, end=DAY, system=False)["recommendations"]
    assert (row["algorithm"], row["exposures"], row["clicks"], row["conversions"]) == (
        "item_knn",
        4,
        1,
        1,
    )
    assert row["ctr"] == 0.25
    low, high = row["ctr_ci95"]
    assert 0.04 < low < 0.25 < high < 0.71


def test_beat_task_rolls_up_today(db):
    from apps.analytics.tasks import rollup_daily

    Interaction.objects.create(user=UserFactory(), content=ContentFactory(), kind="view")
    rollup_daily()
    assert (
        DailyMetric.objects.get(day=timezone.now().date(), metric="active_users", state="").value
        == 1
    )


def test_analytics_api_returns_the_numbers_for_staff(activity):
    from django.contrib.auth.models import Permission

    rollup_range(start=DAY, end=DAY)
    client = APIClient()
    analyst = UserFactory(is_staff=True)
    analyst.user_permissions.add(Permission.objects.get(codename="view_dailymetric"))
    client.force_authenticate(analyst)
    body = client.get("/api/admin/analytics?from=2026-03-01&to=2026-03-10").json()
    assert body["daily"]["totals"]["ratings"] == 3
    queues = body["system"]["queue_length"]["value"]
    if settings.CELERY_BROKER_URL.startswith("redis"):  # the PostgreSQL + Redis leg
        assert set(queues) == {"default", "ml"}
        assert all(isinstance(n, int) for n in queues.values())
    else:
        assert queues is None
    assert client.get("/api/admin/analytics?from=2026-03-10&to=2026-03-01").status_code == 400
    assert client.get("/api/admin/analytics?from=nope").status_code == 400


def test_dashboard_page_renders_charts_with_bounded_queries(
    activity, django_assert_max_num_queries
):
    from django.test import Client

    rollup_range(start=DAY - timedelta(days=3), end=DAY)
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with django_assert_max_num_queries(14):
        response = client.get("/admin/analytics/dailymetric/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "analytics/vendor/chartjs/chart.umd.js" in html
    assert "Magadheera" in html
    data = json.loads(
        html.split('id="analytics-summary" type="application/json">')[1].split("</script>")[0]
    )
    assert data["daily"]["series"]["ratings"][-4:] == [0, 0, 0, 3]
    assert data["to"] == "2026-03-10"  # the latest rollup, not today: demo data is historical
    assert (
        client.get(
            "/admin/analytics/dailymetric/dashboard/?from=2026-01-01&to=2026-03-10"
        ).status_code
        == 200
    )
