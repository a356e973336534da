"""Fixtures of the report tests: the class of report_data written through the
real writer, and a headless Chromium driven by Selenium."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from report_data import COURSE, build_class

from grader import reports
from grader.grading import StudentResult


@pytest.fixture(scope="session")
def class_results() -> list[StudentResult]:
    return build_class()


@pytest.fixture(scope="session")
def class_records(class_results) -> list[dict]:
    return [r.to_record() for r in class_results]


@pytest.fixture(scope="session")
def class_out(class_records, tmp_path_factory) -> Path:
    """The class written by grader.reports.write_all."""
    out = tmp_path_factory.mktemp("reports") / "out"
    reports.write_all(class_records, out, COURSE)
    return out


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium driven by Selenium, with Debian's chromedriver given
    explicitly (Selenium Manager never runs, nothing is downloaded)."""
    chromium, chromedriver = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
    if not (chromium.exists() and chromedriver.exists()):
        pytest.skip("headless browser tests need /usr/bin/chromium and /usr/bin/chromedriver "
                    "(apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="grader-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run",
                "--no-default-browser-check", "--window-size=1280,900",
                f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.unhandled_prompt_behavior = "ignore"  # an alert stays open, so a test can see it
    driver = webdriver.Chrome(service=Service(executable_path=str(chromedriver)), options=options)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
