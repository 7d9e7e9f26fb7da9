"""Headless Chromium (Debian's chromium + chromium-driver) driven by Selenium against
pytest-django's live server. Screenshots go to $CINEREC_SCREENSHOTS (default var/screenshots)."""

from __future__ import annotations

import functools
import gzip
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js.gz"
PHONE = (390, 844)
DESKTOP = (1366, 900)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.browser


@functools.cache
def AXE_SOURCE() -> str:  # noqa: N802
    return gzip.decompress(AXE.read_bytes()).decode()


def screenshot_dir() -> Path:
    folder = Path(os.environ.get("CINEREC_SCREENSHOTS", settings.BASE_DIR / "var" / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def driver(live_server: Any) -> Iterator[WebDriver]:
    """Session browser; it depends on the live server so it quits before the server stops."""
    if not (CHROMIUM and CHROMEDRIVER):
        message = (
            "needs Debian's chromium and chromium-driver (see docs/site.md; .ci/run installs them)"
        )
        if os.environ.get("CINEREC_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    profile = tempfile.mkdtemp(prefix="cinerec-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
        "--lang=en-US",
    ):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    browser.set_page_load_timeout(60)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


def set_viewport(browser: WebDriver, size: tuple[int, int]) -> None:
    width, height = size
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def shoot(browser: WebDriver, name: str) -> list[Path]:
    """Screenshots of the current page at phone and desktop widths; ends at desktop width."""
    paths = []
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        set_viewport(browser, size)
        path = screenshot_dir() / f"{name}-{label}.png"
        browser.save_screenshot(str(path))
        paths.append(path)
    return paths


def axe_violations(browser: WebDriver) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations (WCAG 2.x A and AA rules) on the current page."""
    browser.execute_script(AXE_SOURCE())
    results = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']}})"
        ".then(done, e => done({error: String(e)}));"
    )
    assert "error" not in results, results
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "nodes": [(n["target"], n.get("failureSummary", "")) for n in v["nodes"]][:5],
        }
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
