"""A timed quiz end to end in headless Chromium against the real server (waitress on a
free loopback port), with the server's clock moved by the test: sign in, start, see the
time left, answer, run out of time, be refused; the instructor extends one student.

Skipped (with the reason) only when chromium, chromedriver or selenium is missing."""
from __future__ import annotations

import threading

import pytest
from named_quiz_helpers import STUDENTS, right_answer

from grader.quiz import QuizStore
from grader.quiz.server import create_app, make_server, server_url, stop_server

pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[dev]')")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

INSTRUCTOR = "instructor-token-for-browser"


@pytest.fixture
def live(bank, quizzes, clock, tmp_path):
    db = tmp_path / "gradebook.db"
    roster = {f"tok-{s}-0123456789": s for s in STUDENTS}
    app = create_app(bank, db, roster, instructor_token=INSTRUCTOR, quizzes=quizzes, clock=clock)
    server = make_server(app, "127.0.0.1", 0, threads=4)
    thread = threading.Thread(target=server.run, name="timed-quiz-server", daemon=True)
    thread.start()
    try:
        yield {"url": server_url(server), "db": db}
    finally:
        stop_server(server)
        thread.join(timeout=10)


def wait_for(driver, css, timeout=15):
    return WebDriverWait(driver, timeout).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def fill(driver, v):
    """Type or tick ``v``'s right answer in its section of the page."""
    section = driver.find_element(By.ID, f"q-{v.id}")
    answer = right_answer(v)
    if v.type == "numeric":
        section.find_element(By.NAME, "answer").send_keys(answer)
        return section
    for choice in answer if isinstance(answer, list) else [answer]:
        section.find_element(By.XPATH, f".//input[@value='{choice}']/ancestor::label").click()
    return section


def test_a_timed_quiz_in_the_browser(browser, live, clock, bank, quizzes):
    driver, url = browser, live["url"]
    clock.set(hours=2)                                       # 10:00, the quiz is open
    driver.delete_all_cookies()
    driver.get(url + "/")
    driver.find_element(By.ID, "token").send_keys("tok-s01-0123456789")
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    wait_for(driver, "section[data-quiz='timed'] a").click()
    assert "You will have 10 minutes once you start." in wait_for(driver, "#gate").text
    driver.find_element(By.ID, "start").click()
    assert "Time left: 10 min 00 s" in wait_for(driver, "#time-left").text

    drawn = quizzes["timed"].draw(bank, "s01")
    fill(driver, drawn[0]).find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    verdict = wait_for(driver, f"#q-{drawn[0].id} .verdict")
    assert "Answer recorded" in verdict.text                 # feedback after the attempt

    clock.advance(minutes=3)
    driver.refresh()
    assert "Time left: 7 min 00 s" in wait_for(driver, "#time-left").text

    second = fill(driver, drawn[1])                          # typed in time, sent too late
    clock.advance(minutes=8)
    second.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    alert = wait_for(driver, "#error")
    assert "Time is up: your answer was not stored" in alert.text
    assert not driver.find_elements(By.CSS_SELECTOR, "form[action^='/quizzes/timed/answer']")
    assert "Correct" in driver.find_element(By.ID, f"q-{drawn[0].id}").text   # now shown
    rows = QuizStore(live["db"]).answers("s01", "timed")
    assert [r["question_id"] for r in rows] == [drawn[0].id]

    # the instructor gives s01 five more minutes; the student can answer again
    driver.delete_all_cookies()
    driver.get(url + "/instructor")
    driver.find_element(By.ID, "token").send_keys(INSTRUCTOR)
    driver.find_element(By.CSS_SELECTOR, "form button").click()
    wait_for(driver, "tr[data-quiz='timed'] a").click()
    form = wait_for(driver, "#extend")
    form.find_element(By.CSS_SELECTOR, "option[value='s01']").click()
    form.find_element(By.ID, "extra_minutes").clear()
    form.find_element(By.ID, "extra_minutes").send_keys("5")
    form.find_element(By.ID, "granted_by").send_keys("Dr Lee")
    form.find_element(By.ID, "reason").send_keys("the fire alarm went off")
    form.find_element(By.CSS_SELECTOR, "button").click()
    assert "Extension recorded for s01." in wait_for(driver, "#done").text
    assert "the fire alarm went off" in driver.find_element(By.ID, "extensions").text

    driver.delete_all_cookies()
    driver.get(url + "/")
    driver.find_element(By.ID, "token").send_keys("tok-s01-0123456789")
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    wait_for(driver, "section[data-quiz='timed']")            # signed in before going on
    driver.get(url + "/quizzes/timed")
    assert "Time left: 4 min 00 s" in wait_for(driver, "#time-left").text
    fill(driver, drawn[1]).find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(driver, f"#q-{drawn[1].id} .verdict")
    assert len(QuizStore(live["db"]).answers("s01", "timed")) == 2
