"""End-to-end flows in a real browser, with screenshots at phone and desktop widths and an
axe-core scan of the main pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from apps.accounts.models import Rating, User, WatchlistItem
from apps.accounts.tests.factories import UserFactory
from apps.catalog.tests.factories import ContentFactory
from apps.ott.models import Platform, UserPlatform
from apps.ott.services import platforms_seed
from apps.ott.tests.factories import AvailabilityFactory
from apps.social.models import UserList
from apps.web.tests.browser.conftest import axe_violations, shoot
from apps.web.tests.conftest import build_catalogue
from recommender.serving.registry import registry
from recommender.training.runs import DEFAULT_ALGORITHMS, train

pytestmark = pytest.mark.browser
PASSWORD = "a-long-enough-passphrase"


@pytest.fixture
def world(transactional_db: None) -> dict[str, Any]:
    """The site's test catalogue, 30 other users who like Telugu action or English comedy, and
    models trained on them, so a new user's ratings give collaborative reasons."""
    catalogue = build_catalogue()
    catalogue["magadheera"] = ContentFactory(
        title="మగధీర", original_language="te", year=2009, popularity=75, rating=7.7
    )
    start = timezone.now() - timedelta(days=30)
    ratings = []
    for n in range(30):
        user = UserFactory()
        likes, dislikes = (
            (catalogue["te"], catalogue["en"]) if n < 15 else (catalogue["en"], catalogue["te"])
        )
        for i, content in enumerate(likes):
            if (i + n) % 4:
                ratings.append(Rating(user=user, content=content, rating=9, created_at=start))
        for content in dislikes[:2]:
            ratings.append(Rating(user=user, content=content, rating=3, created_at=start))
    Rating.objects.bulk_create(ratings)
    platforms_seed()  # the live server's flush removed the migration's platforms
    AvailabilityFactory(
        content=catalogue["te"][1],
        platform=Platform.objects.get(slug="aha"),
        as_of=date(2026, 11, 2),
    )
    AvailabilityFactory(
        content=catalogue["en"][0],
        platform=Platform.objects.get(slug="youtube"),
        monetisation="free",
        as_of=date(2026, 11, 2),
    )
    registry.reset()
    train(DEFAULT_ALGORITHMS)
    yield catalogue
    registry.reset()


def wait(browser: WebDriver, seconds: float = 15) -> WebDriverWait:
    return WebDriverWait(browser, seconds)


def across_reload(condition: Callable[[WebDriver], Any]) -> Callable[[WebDriver], Any]:
    """`condition`, read again when the page was replaced under it (a full reload: Chrome may
    report the node it was reading as no longer in the document, or stale)."""

    def check(browser: WebDriver) -> Any:
        try:
            return condition(browser)
        except StaleElementReferenceException:
            return False
        except WebDriverException as exc:
            if "does not belong to the document" in str(exc):
                return False
            raise

    return check


def row_titles(browser: WebDriver, key: str) -> list[str]:
    return [
        e.text for e in browser.find_elements(By.CSS_SELECTOR, f'[data-row="{key}"] .card-title')
    ]


def row_reasons(browser: WebDriver, key: str) -> list[str]:
    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, f'[data-row="{key}"] .reason')]


def headings(browser: WebDriver) -> list[str]:
    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".row h2")]


def sign_in(browser: WebDriver, base: str, login: str) -> None:
    browser.get(f"{base}/signin/")
    browser.find_element(By.ID, "id_login").send_keys(login)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
    wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, '[data-row="for-you"]')))


def test_visitor_homepage_and_telugu_filter(driver, live_server, world):
    driver.get(live_server.url + "/")
    assert "Trending this week" in headings(driver)
    shoot(driver, "01-visitor-home")
    assert axe_violations(driver) == []

    Select(driver.find_element(By.ID, "lang-filter")).select_by_value("te")
    driver.find_element(By.CSS_SELECTOR, ".filters button").click()
    wait(driver).until(ec.text_to_be_present_in_element((By.ID, "row-trending-te"), "Telugu"))

    assert "New in Telugu" in headings(driver)  # no activity in the fixture: new, not trending
    assert "Popular Telugu movies" in headings(driver)
    trending = row_titles(driver, "trending-te")
    assert trending
    assert all("Telugu" in t or t == "మగధీర" for t in trending)
    shoot(driver, "02-visitor-home-telugu")
    driver.get(live_server.url + "/browse/kind/anime/")  # the filter is kept for the visit
    driver.get(live_server.url + "/")
    assert "New in Telugu" in headings(driver)  # no activity in the fixture: new, not trending


def test_visitor_from_a_telangana_address_sees_telugu_rows(driver, live_server, world, settings):
    """Through one trusted proxy: the browser sends the X-Forwarded-For header the proxy would
    add (Chrome DevTools: extra request headers), the live server sees 127.0.0.1 as the proxy."""
    settings.TRUSTED_PROXY_COUNT = 1
    driver.delete_all_cookies()
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.setExtraHTTPHeaders", {"headers": {"X-Forwarded-For": "14.139.64.1"}}
    )
    try:
        driver.get(live_server.url + "/")
        rows = [
            e.get_attribute("data-row") for e in driver.find_elements(By.CSS_SELECTOR, "[data-row]")
        ]
        trending = [r for r in rows if r.startswith("trending")]
        assert trending[0] == "trending-te", rows
        assert "New in Telugu" in headings(driver)  # no activity in the fixture: new, not trending
        assert all("Telugu" in t or t == "మగధీర" for t in row_titles(driver, "trending-te"))
        credit = driver.find_element(By.LINK_TEXT, "IP Geolocation by DB-IP")
        assert credit.get_attribute("href") == "https://db-ip.com/"
        assert "Telangana" in driver.find_element(By.CSS_SELECTOR, ".attribution").text
        shoot(driver, "01b-visitor-home-telangana")
        assert axe_violations(driver) == []
    finally:
        driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {}})


def test_sign_up_onboard_rate_and_for_you_changes_then_telugu_ui(driver, live_server, world):
    base = live_server.url
    driver.delete_all_cookies()
    driver.get(base + "/signup/")
    driver.find_element(By.ID, "id_username").send_keys("lakshmi")
    driver.find_element(By.ID, "id_email").send_keys("lakshmi@example.com")
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
    shoot(driver, "03-sign-up")
    driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()

    wait(driver).until(ec.url_contains("/onboarding/"))
    for value in ("te", "action", "movie"):
        driver.find_element(By.CSS_SELECTOR, f'input[type=checkbox][value="{value}"]').click()
    shoot(driver, "04-onboarding")
    driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
    wait(driver).until(ec.url_contains("/onboarding/platforms/"))
    for value in ("netflix", "aha"):
        driver.find_element(By.CSS_SELECTOR, f'input[type=checkbox][value="{value}"]').click()
    shoot(driver, "04b-onboarding-platforms")
    assert axe_violations(driver) == []
    driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
    wait(driver).until(ec.url_contains("/onboarding/rate/"))
    assert sorted(
        UserPlatform.objects.filter(user__username="lakshmi").values_list(
            "platform__slug", flat=True
        )
    ) == ["aha", "netflix"]

    driver.get(base + "/")
    before = row_titles(driver, "for-you")
    assert before

    driver.get(base + "/onboarding/rate/")
    forms = driver.find_elements(By.CSS_SELECTOR, ".rate-item form")[:5]
    assert len(forms) == 5
    for form in forms:
        form.find_element(By.CSS_SELECTOR, 'button[value="9"]').click()
        wait(driver).until(ec.staleness_of(form))  # swapped in place by htmx, no reload
    statuses = driver.find_elements(By.CSS_SELECTOR, ".rate-item .rated")
    assert [s.text for s in statuses] == ["Your rating: 9/10"] * 5
    shoot(driver, "05-onboarding-rated")
    driver.find_element(By.CSS_SELECTOR, "main > form button").click()
    wait(driver).until(ec.presence_of_element_located((By.CSS_SELECTOR, '[data-row="for-you"]')))

    user = User.objects.get(username="lakshmi")
    assert Rating.objects.filter(user=user).count() == 5
    assert user.onboarding_completed
    after = row_titles(driver, "for-you")
    reasons = row_reasons(driver, "for-you")
    assert after
    assert after != before
    assert any(r.startswith("because you liked") for r in reasons), reasons
    shoot(driver, "06-for-you-after-rating")

    driver.find_element(By.CSS_SELECTOR, ".mine button").click()  # only my services
    wait(driver).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, '.mine button[aria-pressed="true"]'))
    )
    shown = {e.text for e in driver.find_elements(By.CSS_SELECTOR, "[data-row] .card-title")}
    assert shown, "rows on my services and free ones"
    assert shown <= {"Telugu Action 1", "English Comedy 0"}, shown
    shoot(driver, "06b-only-my-services")
    driver.find_element(By.CSS_SELECTOR, ".mine button").click()
    wait(driver).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, '.mine button[aria-pressed="false"]'))
    )

    driver.find_element(By.CSS_SELECTOR, '.languages button[value="te"]').click()
    wait(driver).until(
        across_reload(ec.text_to_be_present_in_element((By.ID, "row-for-you"), "మీ కోసం"))
    )
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "te"
    assert "వాచ్‌లిస్ట్" in driver.find_element(By.CSS_SELECTOR, "nav").text
    user.refresh_from_db()
    assert user.ui_language == "te"
    shoot(driver, "07-home-telugu-ui")

    driver.get(base + "/profile/")
    assert "ప్రొఫైల్" in driver.find_element(By.TAG_NAME, "h1").text
    shoot(driver, "08-profile-telugu")
    assert axe_violations(driver) == []


def test_search_title_watchlist(driver, live_server, world):
    base = live_server.url
    member = UserFactory(username="arjun", email="arjun@example.com")
    member.set_password(PASSWORD)
    member.save()
    driver.delete_all_cookies()
    sign_in(driver, base, "arjun")

    driver.get(base + "/search/")
    box = driver.find_element(By.ID, "q")
    box.send_keys("మగధీర")  # Telugu script, as typed
    wait(driver).until(ec.text_to_be_present_in_element((By.ID, "results"), "మగధీర"))
    shoot(driver, "09-search-telugu-script")
    assert axe_violations(driver) == []

    box.clear()
    box.send_keys("telugu acton")  # a typo, as you type
    wait(driver).until(ec.text_to_be_present_in_element((By.ID, "results"), "Telugu Action"))
    driver.find_element(By.CSS_SELECTOR, "#results .card-link").click()
    wait(driver).until(ec.presence_of_element_located((By.ID, "actions")))
    title = driver.find_element(By.TAG_NAME, "h1").text
    shoot(driver, "10-title")
    assert axe_violations(driver) == []
    og_title = driver.find_element(By.CSS_SELECTOR, 'meta[property="og:title"]')
    assert og_title.get_attribute("content").startswith(title)
    whatsapp = driver.find_element(By.LINK_TEXT, "WhatsApp").get_attribute("href")
    assert whatsapp.startswith("https://wa.me/?text=")

    driver.execute_script("window.__noReload = true")
    driver.find_element(By.CSS_SELECTOR, '[data-action="watchlist"]').click()
    wait(driver).until(
        ec.text_to_be_present_in_element(
            (By.CSS_SELECTOR, '[data-action="watchlist"]'), "On your watchlist"
        )
    )
    assert driver.execute_script("return window.__noReload") is True
    assert WatchlistItem.objects.filter(user=member, content__title=title).exists()
    shoot(driver, "11-title-on-watchlist")

    driver.find_element(By.LINK_TEXT, "Watchlist").click()
    wait(driver).until(ec.url_contains("/watchlist/"))
    assert title in [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".card-title")]
    shoot(driver, "12-watchlist")


def test_visitor_discovery_pages_are_accessible(driver, live_server, world):
    base = live_server.url
    owner = UserFactory(username="meena", display_name="Meena")
    public = UserList.objects.create(
        owner=owner, name="Weekend", slug="meena-weekend", is_public=True
    )
    public.items.create(content=world["te"][0])
    pages = [
        ("13-free", "/free/", "English Comedy 0"),
        ("14-collections", "/collections/", ""),
        ("15-public-list", "/lists/meena-weekend", "Telugu Action 0"),
        ("16-reset-request", "/account/reset/", ""),
    ]
    for name, path, expected in pages:
        driver.get(base + path)
        assert expected in driver.find_element(By.TAG_NAME, "main").text
        shoot(driver, name)
        assert axe_violations(driver) == [], path
