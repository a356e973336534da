"""report.html and index.html as a person sees them, in headless Chromium:
charts and tables are visible, the student table sorts, feedback expands,
a phone-width screen needs no sideways scrolling, printing shows all
feedback, nothing is fetched, and no student-controlled text becomes HTML.

Skipped (with the reason) only when /usr/bin/chromium or chromedriver is
missing.  Screenshots go to $GRADER_REPORT_SCREENSHOTS when set."""
from __future__ import annotations

import base64
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from grader.reports.writer import notes_source
from report_data import FEEDBACK_XSS, GOT_XSS, OUTPUT_XSS, PROBLEM_XSS, XSS_ID

pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[dev]')")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
INJECTED = ["injected-img", "injected-b", "injected-svg", "injected-iframe"]
# Records alert()/confirm()/prompt() calls; CDP-injected, so it runs even under the pages' CSP.
ALERT_SPY = """
window.__alerts = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = function (msg) { window.__alerts.push(name + ":" + msg); return null; };
}
"""


@pytest.fixture(scope="module")
def driver(browser):
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ALERT_SPY})
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def report(out: Path, student: str) -> Path:
    return out / student / "report.html"


def open_page(driver, path: Path, phone: bool = False):
    if phone:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    else:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    driver.get(path.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"
    assert_no_alert(driver)


def assert_no_alert(driver):
    try:
        text = driver.switch_to.alert.text
    except NoAlertPresentException:
        text = None
    assert text is None, f"an alert fired: {text!r}"
    assert driver.execute_script("return window.__alerts") == []


def visible(el) -> bool:
    size = el.size
    return el.is_displayed() and size["width"] > 0 and size["height"] > 0


def no_sideways_scroll(driver) -> bool:
    return driver.execute_script(
        "const d = document.documentElement;"
        "return d.scrollWidth <= d.clientWidth && document.body.scrollWidth <= d.clientWidth;")


def open_all_feedback(driver):
    for summary in driver.find_elements(By.CSS_SELECTOR, "details.feedback > summary, details.test-list > summary"):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
        summary.click()


def screenshot(driver, path: Path, name: str) -> Path:
    folder = Path(os.environ.get("GRADER_REPORT_SCREENSHOTS") or path.parent / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    w, h = driver.execute_script("return [document.documentElement.scrollWidth, "
                                 "document.documentElement.scrollHeight]")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": w, "height": min(h, 12000), "scale": 1}})
    png = folder / f"{name}.png"
    png.write_bytes(base64.b64decode(shot["data"]))
    return png


# ---------------------------------------------------------------- student report

def test_report_shows_header_bars_tables_and_notes(driver, class_out):
    open_page(driver, report(class_out, "ben"))
    assert driver.find_element(By.ID, "student").text == "ben"
    assert visible(driver.find_element(By.ID, "total"))
    assert driver.find_element(By.ID, "total").text == "54.31 / 100"
    assert "2026-11-23 10:00 UTC" in driver.find_element(By.ID, "submitted").text
    assert "13.58 points" in driver.find_element(By.ID, "late-penalty").text
    meters = driver.find_elements(By.CSS_SELECTOR, "svg.meter")
    assert len(meters) >= 1 + 2 * 6 and all(visible(m) for m in meters)
    sections = driver.find_elements(By.CSS_SELECTOR, "section.exercise")
    assert len(sections) == 6 and all(s.find_elements(By.CSS_SELECTOR, "table.tests") for s in sections)
    attention = driver.find_elements(By.CSS_SELECTOR, "section.exercise > table.tests")
    assert len(attention) == 2 and all(visible(t) for t in attention)          # neuron, mlp
    assert all(visible(s) for s in driver.find_elements(By.CSS_SELECTOR, "details.test-list > summary"))
    rows = driver.find_elements(By.CSS_SELECTOR, "#ex-neuron tr.test")
    # what needs attention first; the passed tests collapsed below, every test listed
    assert [r.get_attribute("data-status") for r in rows] == ["failed"] * 2 + ["passed"] * 4
    assert "0 / 4" in rows[0].text and "hidden" in rows[0].text
    passed = driver.find_element(By.CSS_SELECTOR, "#ex-neuron details.test-list")
    assert passed.find_element(By.TAG_NAME, "summary").text == "4 passed tests"
    assert not rows[2].is_displayed()
    passed.find_element(By.TAG_NAME, "summary").click()
    assert all(visible(r) for r in rows) and "2 / 2" in rows[2].text
    passages = driver.find_elements(By.CSS_SELECTOR, "#ex-neuron details.notes li")
    assert len(passages) >= 3 and all(visible(p) for p in passages)  # open: the exercise lost points
    links = driver.find_elements(By.CSS_SELECTOR, "#ex-neuron details.notes a")
    if notes_source() is not None:  # a checkout with ../shared/course-notes: the reports link to a copy
        target = Path(unquote(urlparse(links[0].get_attribute("href")).path))
        assert target.is_file() and target.parent.name == "notes"
    else:
        assert links == [] and "003_fb44594f36c7507d.txt" in passages[0].text
    assert not driver.find_element(By.CSS_SELECTOR, "#ex-perceptron details.notes").get_attribute("open")


def test_feedback_details_expand(driver, class_out):
    open_page(driver, report(class_out, "ben"))
    details = driver.find_elements(By.CSS_SELECTOR, "#ex-neuron details.feedback")
    assert len(details) == 2
    visible_test = details[1]
    body = visible_test.find_element(By.CSS_SELECTOR, ".fb")
    assert not body.is_displayed()
    visible_test.find_element(By.TAG_NAME, "summary").click()
    assert visible_test.get_attribute("open") is not None and visible(body)
    labels = [e.text for e in body.find_elements(By.CSS_SELECTOR, ".fb-label")]
    assert [label.lower() for label in labels] == ["failing input", "expected", "your result", "your code printed"]
    assert "0.731059" in body.find_element(By.CSS_SELECTOR, ".expected pre").text
    assert "nan" in body.find_element(By.CSS_SELECTOR, ".got pre").text
    assert "shifted by its row maximum" in body.find_element(By.CSS_SELECTOR, ".hint").text
    hidden = details[0]
    hidden.find_element(By.TAG_NAME, "summary").click()
    text = hidden.find_element(By.CSS_SELECTOR, ".fb").text
    assert "softmax of each row should sum to 1" in text and "inputs and expected values are not shown" in text
    assert not hidden.find_elements(By.CSS_SELECTOR, ".expected, .got, .input, .output")


def test_printing_shows_every_feedback(driver, class_out):
    open_page(driver, report(class_out, "ben"))
    bodies = driver.find_elements(By.CSS_SELECTOR, "details.feedback .fb")
    assert bodies and not any(b.is_displayed() for b in bodies)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    driver.execute_script("window.dispatchEvent(new Event('beforeprint'))")
    assert all(b.is_displayed() for b in bodies)
    driver.execute_script("window.dispatchEvent(new Event('afterprint'))")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert not any(b.is_displayed() for b in bodies)


@pytest.mark.parametrize("student", ["ben", XSS_ID, "gus"])
def test_report_fits_a_phone(driver, class_out, student):
    open_page(driver, report(class_out, student), phone=True)
    assert driver.execute_script("return window.innerWidth") == PHONE["width"]
    assert no_sideways_scroll(driver)
    open_all_feedback(driver)
    assert no_sideways_scroll(driver), "an expanded report is wider than a phone"
    for el in driver.find_elements(By.CSS_SELECTOR, "svg.meter, table.tests, pre"):
        rect = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.right];", el)
        assert rect[0] >= 0 and rect[1] <= PHONE["width"], rect


# ---------------------------------------------------------------- dashboard

def test_dashboard_shows_charts_and_tables(driver, class_out, class_records):
    open_page(driver, class_out / "index.html")
    for chart in ("#distribution svg.chart", "#exercise-means svg.chart"):
        svg = driver.find_element(By.CSS_SELECTOR, chart)
        assert visible(svg) and svg.size["width"] > 250 and svg.size["height"] > 120
        assert len(svg.find_elements(By.CSS_SELECTOR, "rect")) >= 6
    bars = driver.find_elements(By.CSS_SELECTOR, "#distribution svg.chart rect")
    counts = [int(b.find_element(By.TAG_NAME, "title").get_attribute("textContent").split(": ")[1].split()[0])
              for b in bars]
    assert sum(counts) == len(class_records)
    for table in ("#exercise-stats table", "#item-analysis table", "#students"):
        assert visible(driver.find_element(By.CSS_SELECTOR, table))
    assert len(driver.find_elements(By.CSS_SELECTOR, "#exercise-stats tbody tr")) == 6
    items = driver.find_elements(By.CSS_SELECTOR, "#item-analysis tr.item")
    assert items and all(visible(i.find_element(By.CSS_SELECTOR, "svg.meter")) for i in items)
    shares = [int(i.text.rsplit("(", 1)[1].split("%")[0]) for i in items]
    assert shares == sorted(shares, reverse=True)        # most failed first
    assert len(driver.find_elements(By.CSS_SELECTOR, "#students tbody tr")) == len(class_records)


def column(driver, index: int, numeric: bool):
    cells = driver.find_elements(By.CSS_SELECTOR, f"#students tbody tr td:nth-child({index + 1})")
    return [float(c.get_attribute("data-value")) if numeric else c.text for c in cells]


def test_student_table_sorts_when_a_header_is_clicked(driver, class_out):
    open_page(driver, class_out / "index.html")
    heads = driver.find_elements(By.CSS_SELECTOR, "#students thead th")
    names = [h.text.rstrip(" ↕▲▼") for h in heads]
    assert names[:2] == ["student", "total"] and "mlp" in names
    heads[1].click()
    totals = column(driver, 1, numeric=True)
    assert totals == sorted(totals) and heads[1].get_attribute("aria-sort") == "ascending"
    heads[1].click()
    assert column(driver, 1, numeric=True) == sorted(totals, reverse=True)
    assert heads[1].get_attribute("aria-sort") == "descending" and heads[0].get_attribute("aria-sort") is None
    mlp = names.index("mlp")
    heads[mlp].find_element(By.TAG_NAME, "button").click()
    assert column(driver, mlp, numeric=True) == sorted(column(driver, mlp, numeric=True))
    heads[0].click()
    heads[0].click()
    students = column(driver, 0, numeric=False)
    assert students[0] == "s14" and students[-1] == XSS_ID   # descending, numeric-aware
    assert_no_alert(driver)


def test_dashboard_fits_a_phone(driver, class_out):
    open_page(driver, class_out / "index.html", phone=True)
    assert no_sideways_scroll(driver), "the dashboard page itself must not scroll sideways"
    wrap = driver.find_element(By.CSS_SELECTOR, "#students-section .table-wrap")
    assert driver.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", wrap)
    assert visible(driver.find_element(By.CSS_SELECTOR, "#distribution svg.chart"))


def test_dashboard_links_open_the_reports(driver, class_out):
    open_page(driver, class_out / "index.html")
    link = next(a for a in driver.find_elements(By.CSS_SELECTOR, "#students a") if a.text == XSS_ID)
    link.click()
    assert driver.find_element(By.ID, "student").text == XSS_ID
    assert_no_alert(driver)


# ---------------------------------------------------------------- student text is text

def test_student_text_is_never_html(driver, class_out):
    for page in (report(class_out, XSS_ID), class_out / "index.html"):
        open_page(driver, page)
        open_all_feedback(driver)
        assert_no_alert(driver)
        for element_id in INJECTED:
            assert not driver.find_elements(By.ID, element_id), (page.name, element_id)
        assert not driver.find_elements(By.CSS_SELECTOR, "img, iframe, object, embed, link, base")
        assert len(driver.find_elements(By.TAG_NAME, "script")) == 1           # ours only
        text = driver.find_element(By.TAG_NAME, "body").get_attribute("textContent")
        assert XSS_ID in text
    # on the report every kind of student text shows literally
    open_page(driver, report(class_out, XSS_ID))
    open_all_feedback(driver)
    assert driver.find_element(By.ID, "student").text == XSS_ID
    assert driver.title == f"Report for {XSS_ID}"
    body = driver.find_element(By.TAG_NAME, "body").get_attribute("textContent")
    for literal in (FEEDBACK_XSS, GOT_XSS.strip("'"), OUTPUT_XSS.splitlines()[0], PROBLEM_XSS):
        assert literal in body, literal
    assert driver.find_element(By.CSS_SELECTOR, "pre.output").get_attribute("textContent") == OUTPUT_XSS
    assert_no_alert(driver)


def test_pages_fetch_nothing(driver, class_out):
    for page in (report(class_out, "ben"), class_out / "index.html"):
        open_page(driver, page)
        assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
        csp = driver.find_element(By.CSS_SELECTOR, 'meta[http-equiv="Content-Security-Policy"]')
        assert csp.get_attribute("content").startswith("default-src 'none'; script-src 'sha256-")
        # defence in depth: even an injected inline handler would not run
        driver.execute_script(
            "document.body.insertAdjacentHTML('beforeend', '<img id=probe src=x onerror=\"window.__alerts.push(1)\">')")
        driver.find_element(By.ID, "probe")
        assert driver.execute_script("return new Promise(r => setTimeout(() => r(window.__alerts), 300))") == []
        html = page.read_text(encoding="utf-8")
        for needle in ("<link", "@import", "url(", "https://"):
            assert needle not in html, (page.name, needle)
        assert not re.search(r"<[a-zA-Z][^>]*\ssrc=", html), page.name
        assert html.count("http://") == html.count('xmlns="http://www.w3.org/2000/svg"')


def test_screenshots(driver, class_out):
    """Full-page pictures of a report (desktop, phone) and of the dashboard, to look at."""
    pngs = []
    open_page(driver, report(class_out, "ben"))
    open_all_feedback(driver)
    pngs.append(screenshot(driver, class_out, "report-desktop"))
    open_page(driver, report(class_out, "ben"), phone=True)
    open_all_feedback(driver)
    pngs.append(screenshot(driver, class_out, "report-phone"))
    open_page(driver, class_out / "index.html")
    pngs.append(screenshot(driver, class_out, "index-desktop"))
    for png in pngs:
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, png
