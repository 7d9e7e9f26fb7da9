"""The analytics page after `make run`: rollups of the demo's history exist, the range ends at
the last day with data, metric, language and state names are human and translated."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from apps.accounts.models import Rating
from apps.accounts.tests.factories import UserFactory
from apps.analytics.models import DailyMetric
from apps.analytics.selectors import analytics_summary
from apps.catalog.tests.factories import ContentFactory
from apps.core.tests.curators import make_curator

pytestmark = pytest.mark.django_db
PAGE = "/admin/analytics/dailymetric/dashboard/"
LAST = date(1998, 4, 22)  # historical, like the demo's MovieLens ratings


@pytest.fixture
def history(db) -> None:
    telugu = ContentFactory(title="Sankarabharanam", original_language="te")
    english = ContentFactory(title="Fargo", original_language="en")
    for day, content in ((date(1998, 4, 1), english), (LAST, telugu), (LAST, english)):
        rating = Rating.objects.create(user=UserFactory(region="IN-TS"), content=content, rating=8)
        at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        Rating.objects.filter(pk=rating.pk).update(updated_at=at)


def _summary(html: str) -> dict:
    return json.loads(
        html.split('id="analytics-summary" type="application/json">')[1].split("</script>")[0]
    )


def _rollup(*flags: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("analytics_rollup", "--all", *flags, stdout=out)
    return out.getvalue()


def test_analytics_page_after_the_rollups_shows_the_history_with_human_labels(history):
    _rollup("--if-missing")
    client = Client()
    client.force_login(make_curator())

    html = client.get(PAGE).content.decode()

    data = _summary(html)
    assert data["to"] == LAST.isoformat()  # where the data is, not today
    assert data["daily"]["series"]["ratings"][-1] == 2
    assert data["daily"]["series"]["ratings"][-22] == 1  # 1998-04-01
    assert "No rollups yet" not in html
    totals = re.findall(r"<div><strong>(\d+)</strong> ([^<]+)</div>", html)
    assert ("3", "Ratings") in totals
    assert ("0", "New users") in totals
    assert "new_users" not in re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert data["labels"]["metrics"]["zero_result_searches"] == "Zero-result searches"
    assert data["labels"]["languages"] == {"en": "English", "te": "Telugu"}
    assert data["labels"]["states"] == {"IN-TS": "Telangana"}


def test_metric_and_language_names_follow_the_curators_language(history):
    _rollup()
    with translation.override("hi"):
        labels = analytics_summary(start=LAST, end=LAST, system=False)["labels"]

    assert labels["metrics"]["new_users"] == "नए उपयोगकर्ता"
    assert labels["languages"]["te"] == "तेलुगु"


def test_rollup_if_missing_rolls_up_once_then_again_when_the_history_grows(history):
    assert "rolled up 1998-04-01..1998-04-22" in _rollup("--if-missing")
    rows = DailyMetric.objects.count()
    assert rows > 0
    assert "up to date" in _rollup("--if-missing")
    assert DailyMetric.objects.count() == rows

    rating = Rating.objects.create(user=UserFactory(), content=ContentFactory(), rating=6)
    Rating.objects.filter(pk=rating.pk).update(updated_at=datetime(1997, 9, 20, tzinfo=UTC))

    assert "rolled up 1997-09-20..1998-04-22" in _rollup("--if-missing")


def test_make_run_rolls_up_the_demo_history_after_loading_it():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    recipe = makefile.split("\nsetup:")[1].split("\n\n")[0]
    commands = [line.strip() for line in recipe.splitlines()[1:]]

    load = commands.index("$(PY) manage.py load_demo")
    assert commands[load + 1] == "$(PY) manage.py analytics_rollup --all --if-missing"


def test_system_panel_reads_models_and_telegram_from_the_apps_that_own_them(db):
    from apps.analytics.system import system_panel
    from apps.curation.models import TelegramPost
    from recommender.algorithms.ease import EaseConfig, EaseRecommender
    from recommender.artifacts import artifact_create
    from recommender.tests.data import checkerboard

    data = checkerboard()
    artifact_create(model=EaseRecommender(EaseConfig(l2=10.0)).fit(data), data=data)
    TelegramPost.objects.create(
        content=ContentFactory(), channel="@c", status=TelegramPost.Status.FAILED
    )

    panel = system_panel()

    assert [(m["algorithm"], m["version"]) for m in panel["models"]] == [("ease", 1)]
    assert isinstance(panel["models"][0]["trained_at"], str)
    assert panel["training_runs"] == []
    assert panel["providers"]["telegram"]["last_failure"] is not None
    assert panel["providers"]["telegram"]["last_success"] is None
    assert set(panel["providers"]) == {"omdb", "youtube", "telegram"}
