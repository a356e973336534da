"""The quiz end to end in headless Chromium against the real server (waitress
on a free loopback port): sign in with the roster token, answer two
questions, see their feedback, find the rows in the gradebook; the page fits
a phone, fetches nothing, and the instructor page shows the answers.

Skipped (with the reason) only when /usr/bin/chromium or chromedriver is
missing."""
from __future__ import annotations

import sqlite3

import pytest
from quiz_server_helpers import INSTRUCTOR_TOKEN, right_answer, wrong_answer

from grader.quiz import QuizStore

pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[dev]')")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}


def wait_for(driver, css, timeout=15):
    return WebDriverWait(driver, timeout).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def question(driver, qid):
    return driver.find_element(By.ID, f"q-{qid}")


def no_sideways_scroll(driver) -> bool:
    return driver.execute_script(
        "const d = document.documentElement;"
        "return d.scrollWidth <= d.clientWidth && document.body.scrollWidth <= d.clientWidth;")


def test_sign_in_answer_two_questions_and_see_the_feedback(browser, live_server, bank, tokens):
    driver, url = browser, live_server["url"]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    try:
        driver.delete_all_cookies()
        driver.get(url + "/")
        driver.find_element(By.ID, "token").send_keys(tokens["alice"])
        driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
        assert wait_for(driver, "#student").text == "alice"
        assert no_sideways_scroll(driver)

        variants = bank.variant("alice")
        choice = next(v for v in variants if v.type == "single_choice")
        number = next(v for v in variants if v.type == "parameterised")
        assert choice.prompt in question(driver, choice.id).text
        assert number.prompt in question(driver, number.id).text

        # a single choice question, answered right: tap the choice's label
        right = right_answer(choice)
        section = question(driver, choice.id)
        label = section.find_element(By.XPATH, f".//input[@value='{right}']/ancestor::label")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
        label.click()
        section.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        verdict = wait_for(driver, f"#q-{choice.id} .verdict")
        assert "Correct" in verdict.text
        assert verdict.get_attribute("class").split() == ["verdict", "right"]
        assert question(driver, choice.id).find_elements(By.TAG_NAME, "form") == []

        # a parameterised numeric question, answered wrong: its feedback gives the answer
        section = question(driver, number.id)
        box = section.find_element(By.CSS_SELECTOR, "input[name=answer]")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.send_keys(wrong_answer(number))
        section.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        verdict = wait_for(driver, f"#q-{number.id} .verdict")
        assert "Not right" in verdict.text and "The answer is" in verdict.text
        assert no_sideways_scroll(driver)
        # the other questions still show no verdict
        assert len(driver.find_elements(By.CSS_SELECTOR, ".verdict")) == 2

        # a second attempt (the form posted again by hand) is refused with 409's message
        driver.execute_script(
            "const f = document.createElement('form'); f.method = 'post';"
            "f.action = arguments[0];"
            "for (const [k, v] of [['answer', arguments[1]], ['csrf_token', arguments[2]]]) {"
            "  const i = document.createElement('input'); i.name = k; i.value = v; f.append(i); }"
            "document.body.append(f); f.submit();",
            f"/quiz/{choice.id}", right,
            driver.find_element(By.NAME, "csrf_token").get_attribute("value"))
        assert "Already answered" in wait_for(driver, "#error").text

        # nothing was fetched but the pages themselves
        assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    rows = QuizStore(live_server["db"]).answers("alice")
    assert [(r["question_id"], r["correct"]) for r in rows] == [(choice.id, True),
                                                                (number.id, False)]
    with sqlite3.connect(live_server["db"]) as db:
        assert db.execute("SELECT student, question_id, attempt FROM quiz_answers ORDER BY id"
                          ).fetchall() == [("alice", choice.id, 1), ("alice", number.id, 1)]

    # the instructor page, in the same browser after signing in with the instructor token
    driver.delete_all_cookies()
    driver.get(url + "/instructor")
    driver.find_element(By.ID, "token").send_keys(INSTRUCTOR_TOKEN)
    driver.find_element(By.CSS_SELECTOR, "form button").click()
    row = wait_for(driver, "tr[data-student='alice']")
    assert len(row.find_elements(By.CSS_SELECTOR, "td.right")) == 1
    assert len(row.find_elements(By.CSS_SELECTOR, "td.wrong")) == 1
    refresh = driver.find_element(By.CSS_SELECTOR, "meta[http-equiv=refresh]")
    assert int(refresh.get_attribute("content")) > 0


def test_wrong_token_and_empty_answer_in_the_browser(browser, live_server, bank, tokens):
    driver, url = browser, live_server["url"]
    driver.delete_all_cookies()
    driver.get(url + "/")
    driver.find_element(By.ID, "token").send_keys("not-a-token")
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    assert "Unknown token" in wait_for(driver, "#error").text
    driver.find_element(By.ID, "token").send_keys(tokens["bob"])
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    wait_for(driver, "#student")
    number = next(v for v in bank.variant("bob") if v.type == "numeric")
    section = question(driver, number.id)
    box = section.find_element(By.CSS_SELECTOR, "input[name=answer]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.send_keys("twelve")
    section.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert "is not a number" in wait_for(driver, "#error").text
    # the typed text is kept in the box, and nothing was stored
    assert question(driver, number.id).find_element(
        By.CSS_SELECTOR, "input[name=answer]").get_attribute("value") == "twelve"
    assert QuizStore(live_server["db"]).answers("bob") == []
