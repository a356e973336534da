"""The named quizzes on the web, through Flask's test client with a clock the test moves:
a clear page before opening, a start button, the time left, answers refused after time is
up, feedback when the quiz allows it, and the instructor's live counts, per-question
difficulty and extensions."""
from __future__ import annotations

import html
import re

import pytest
from named_quiz_helpers import CSRF_RE, STUDENTS, right_answer

from grader.quiz.server import create_app

INSTRUCTOR = "instructor-token-for-tests"


@pytest.fixture
def app(bank, quizzes, clock, tmp_path):
    roster = {f"tok-{s}-0123456789": s for s in STUDENTS}
    app = create_app(bank, tmp_path / "gradebook.db", roster, instructor_token=INSTRUCTOR,
                     secret_key="a-test-secret-key-0123456789", quizzes=quizzes, clock=clock)
    app.config["TESTING"] = True
    return app


def body(r) -> str:
    return r.get_data(as_text=True)


def csrf(text: str) -> str:
    return CSRF_RE.search(text).group(1)


class Browser:
    def __init__(self, app, token, path="/login"):
        self.c = app.test_client()
        r = self.c.post(path, data={"token": token, "csrf_token": csrf(body(self.c.get("/")))})
        assert r.status_code == 303, body(r)

    def get(self, url):
        return self.c.get(url)

    def post(self, url, data=None, page=None):
        token = csrf(body(self.c.get(page or "/quiz")))
        return self.c.post(url, data={**(data or {}), "csrf_token": token})


def student(app, s="s01"):
    return Browser(app, f"tok-{s}-0123456789")


def test_the_quiz_list_says_where_each_quiz_stands(app):
    text = body(student(app).get("/quiz"))
    assert "A timed quiz" in text and "This quiz opens on Mon 16 Nov 2026, 09:00 UTC." in text
    assert 'href="/quizzes/timed"' in text and "10 minutes once started" in text


def test_before_opening_a_clear_page_and_no_question(app, bank, quizzes):
    s = student(app)
    text = body(s.get("/quizzes/timed"))
    assert "opens on Mon 16 Nov 2026, 09:00 UTC" in text and 'id="start"' not in text
    for v in quizzes["timed"].draw(bank, "s01"):
        assert html.escape(v.prompt) not in text
    r = s.post("/quizzes/timed/start")
    assert r.status_code == 403 and "opens on" in body(r)


def test_a_timed_quiz_from_start_to_time_up(app, clock, bank, quizzes):
    clock.set(hours=2)
    s = student(app)
    text = body(s.get("/quizzes/timed"))
    assert 'id="start"' in text and "You will have 10 minutes once you start." in text
    r = s.post("/quizzes/timed/start", page="/quizzes/timed")
    assert r.status_code == 303
    drawn = quizzes["timed"].draw(bank, "s01")
    text = body(s.get("/quizzes/timed"))
    assert "Time left: <strong>10 min 00 s</strong>" in text
    assert '<meta http-equiv="refresh" content="601">' in text
    positions = [text.index(f'id="q-{v.id}"') for v in drawn]
    assert positions == sorted(positions)                          # the student's order
    v1, v2 = drawn[0], drawn[1]
    r = s.post(f"/quizzes/timed/answer/{v1.id}", {"answer": right_answer(v1)}, page="/quizzes/timed")
    assert r.status_code == 303
    text = body(s.get("/quizzes/timed"))
    assert "Answer recorded" in text and "Because" not in text      # after_attempt: later
    clock.advance(minutes=10)
    r = s.post(f"/quizzes/timed/answer/{v2.id}", {"answer": right_answer(v2)}, page="/quizzes/timed")
    assert r.status_code == 403 and "Time is up: your answer was not stored" in body(r)
    text = body(r)
    assert "<form method=\"post\" action=\"/quizzes/timed/answer" not in text   # no more forms
    assert "Correct" in text                                        # feedback: the attempt is over


def test_hand_in_ends_the_attempt_and_shows_feedback(app, clock, bank, quizzes):
    clock.set(hours=2)
    s = student(app, "s02")
    s.post("/quizzes/timed/start", page="/quizzes/timed")
    v = quizzes["timed"].draw(bank, "s02")[0]
    s.post(f"/quizzes/timed/answer/{v.id}", {"answer": right_answer(v)}, page="/quizzes/timed")
    r = s.post("/quizzes/timed/finish", page="/quizzes/timed")
    assert r.status_code == 303
    text = body(s.get("/quizzes/timed"))
    assert "Your attempt is over" in text and "Correct" in text


def test_a_question_of_another_students_draw_is_refused(app, clock, bank, quizzes):
    clock.set(hours=2)
    s = student(app, "s03")
    s.post("/quizzes/timed/start", page="/quizzes/timed")
    mine = {v.id for v in quizzes["timed"].draw(bank, "s03")}
    other = next(q.id for q in bank if q.id not in mine)
    r = s.post(f"/quizzes/timed/answer/{other}", {"answer": "a"}, page="/quizzes/timed")
    assert r.status_code == 404 and "not one of your questions" in body(r)


def test_instructor_sees_live_counts_difficulty_and_grants_an_extension(app, clock, bank, quizzes):
    clock.set(hours=2)
    for name in ("s04", "s05"):
        s = student(app, name)
        s.post("/quizzes/timed/start", page="/quizzes/timed")
        v = quizzes["timed"].draw(bank, name)[0]
        s.post(f"/quizzes/timed/answer/{v.id}", {"answer": right_answer(v)}, page="/quizzes/timed")
    teacher = Browser(app, INSTRUCTOR, path="/instructor")
    text = body(teacher.get("/instructor"))
    row = re.search(r'<tr data-quiz="timed">.*?</tr>', text, re.S).group(0)
    assert 'class="n-running">2<' in row and 'class="n-answers">2<' in row
    text = body(teacher.get("/instructor/quizzes/timed"))
    assert 'id="difficulty"' in text and "Alpha things" in text
    clock.advance(minutes=12)
    assert re.search(r'data-student="s04"><th scope="row">s04</th><td class="state">over', body(
        teacher.get("/instructor/quizzes/timed")))
    r = teacher.post("/instructor/quizzes/timed/extend",
                     {"student": "s04", "extra_minutes": "5", "closes": "", "granted_by": "Dr Lee",
                      "reason": "fire alarm"}, page="/instructor/quizzes/timed")
    text = body(r)
    assert r.status_code == 200 and "Extension recorded for s04." in text
    assert "Dr Lee" in text and "fire alarm" in text
    assert re.search(r'data-student="s04"><th scope="row">s04</th><td class="state">running', text)
    r = teacher.post("/instructor/quizzes/timed/extend",
                     {"student": "s05", "extra_minutes": "5", "granted_by": "", "reason": ""},
                     page="/instructor/quizzes/timed")
    assert r.status_code == 400 and "who grants the extension and why" in body(r)


def test_the_instructor_pages_need_the_instructor(app):
    s = student(app)
    assert 'name="token"' in body(s.get("/instructor/quizzes/timed"))
    r = s.post("/instructor/quizzes/timed/extend", {"student": "s01", "extra_minutes": "9",
                                                    "granted_by": "me", "reason": "x"})
    assert r.status_code == 401
