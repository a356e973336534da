"""Fixtures shared by the project's tests."""
import shutil
import tempfile
from pathlib import Path

import pytest

from grader.reports.writer import notes_source


def pytest_configure(config):
    config.addinivalue_line("markers", "needs_notes: builds a release, which ships the course notes "
                                       "(../shared/course-notes) its stubs cite")


def pytest_collection_modifyitems(config, items):
    """A release cannot be built without the course notes it must ship: on a
    checkout without ``../shared`` (CI and the course's machines have it) the
    tests that build one are skipped, saying why."""
    if notes_source() is not None:
        return
    skip = pytest.mark.skip(reason="a release ships the course notes, and ../shared/course-notes is not "
                                   "beside this checkout")
    for item in items:
        if item.get_closest_marker("needs_notes"):
            item.add_marker(skip)


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


def notebook_bytes(cells, *, metadata=None, outputs=None) -> bytes:
    """A real .ipynb written by nbformat: ``cells`` are code sources, or
    ("markdown", text) pairs; ``outputs`` maps a cell index to saved outputs."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    made = []
    for i, cell in enumerate(cells):
        if isinstance(cell, tuple):
            made.append(new_markdown_cell(cell[1]))
        else:
            made.append(new_code_cell(cell, outputs=(outputs or {}).get(i, []), execution_count=i + 1))
    nb = new_notebook(cells=made, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}, **(metadata or {})})
    return nbformat.writes(nb).encode("utf-8")


@pytest.fixture(scope="session")
def make_notebook():
    """notebook_bytes, for tests that build notebooks the way students save them."""
    return notebook_bytes
