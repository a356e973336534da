"""Fixtures shared by the project's tests."""
import shutil
import tempfile
from pathlib import Path

import pytest


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
