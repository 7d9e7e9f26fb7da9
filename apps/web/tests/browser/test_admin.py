"""The curators' pages in a real browser, signed in as a curator with only the curator
permissions (apps/core/tests/curators.py): the admin home and the analytics page, with
screenshots at phone and desktop widths and an axe-core scan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from apps.accounts.models import Rating
from apps.accounts.tests.factories import UserFactory
from apps.analytics.models import SearchQuery
from apps.analytics.rollups import rollup_range
from apps.catalog.models import MatchReview
from apps.catalog.tests.factories import ContentFactory
from apps.core.tests.curators import make_curator
from apps.curation.models import FeaturedItem, TelegramPost
from apps.web.tests.browser.conftest import axe_violations, shoot

pytestmark = pytest.mark.browser
RATED = datetime(2016, 12, 21, 12, tzinfo=UTC)


@pytest.fixture
def curation_world(transactional_db: None) -> dict[str, Any]:
    """A little of everything the admin home counts, and rated history for the analytics page."""
    now = timezone.now()
    telugu = ContentFactory(title="Magadheera", original_language="te", year=2009)
    tamil = ContentFactory(title="Vikram", original_language="ta", year=2022)
    review = MatchReview.objects.create(
        source="tvmaze", source_key="tvmaze:7", candidate={}, match=telugu, score=88, reason="r"
    )
    FeaturedItem.objects.create(
        content=telugu,
        slot="hero",
        languages=["te"],
        states=["IN-TS"],
        ends_at=now + timedelta(days=2),
    )
    TelegramPost.objects.create(
        content=tamil,
        channel="@cinerec",
        campaign="diwali",
        status=TelegramPost.Status.FAILED,
        last_error="Bad Request: chat not found",
    )
    SearchQuery.objects.create(query="baahubali 3", result_count=0)
    for user_region, content, score in (("IN-TS", telugu, 9), ("IN-TN", tamil, 8)):
        rating = Rating.objects.create(
            user=UserFactory(region=user_region), content=content, rating=score
        )
        Rating.objects.filter(pk=rating.pk).update(updated_at=RATED)
    rollup_range(start=RATED.date(), end=RATED.date())
    return {"review": review}


def _sign_in_as_curator(driver: Any, base: str) -> None:
    """The session of a curator holding only the curator permissions, set as the browser's cookie."""
    client = Client()
    client.force_login(make_curator(username="curator-browser"))
    driver.get(base + "/healthz")
    driver.delete_all_cookies()
    driver.add_cookie(
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "path": "/",
        }
    )


def test_curator_admin_home_and_analytics_page(driver, live_server, curation_world):
    base = live_server.url
    _sign_in_as_curator(driver, base)

    driver.get(base + "/admin/")
    WebDriverWait(driver, 15).until(ec.presence_of_element_located((By.ID, "block-review-queue")))
    blocks = [e.get_attribute("id") for e in driver.find_elements(By.CSS_SELECTOR, ".cr-block")]
    assert blocks == [
        "block-review-queue",
        "block-zero-results",
        "block-featured",
        "block-festivals",
        "block-telegram",
        "block-models",
        "block-system",
    ]
    assert driver.find_element(By.CSS_SELECTOR, '[data-figure="pending"]').text == "1"
    assert "Bad Request: chat not found" in driver.find_element(By.ID, "block-telegram").text
    shoot(driver, "admin-01-curator-home")
    assert axe_violations(driver) == []

    driver.find_element(By.CSS_SELECTOR, "a.cr-next").click()
    WebDriverWait(driver, 15).until(ec.url_contains(f"/matchreview/{curation_world['review'].pk}/"))

    driver.get(base + "/admin/analytics/dailymetric/dashboard/")
    WebDriverWait(driver, 15).until(
        lambda d: d.execute_script("return window.Chart && Chart.getChart('chart-daily') ? 1 : 0")
    )
    legend = driver.execute_script(
        "return Chart.getChart('chart-daily').data.datasets.map(d => d.label)"
    )
    assert "Ratings" in legend
    assert "ratings" not in legend
    by_language = driver.execute_script("return Chart.getChart('chart-language').data.labels")
    assert by_language == ["Tamil", "Telugu"]
    assert "No rollups yet" not in driver.page_source
    shoot(driver, "admin-02-curator-analytics")
    assert axe_violations(driver) == []
