"""The quiz web application through Flask's test client: sign-in, each
student's own variant, grading on the server, storage in the gradebook, one
attempt per question, CSRF, clear messages for bad requests, the instructor
page and its token, self-contained pages."""
from __future__ import annotations

import html
import re
import sqlite3

import pytest
from click.testing import CliRunner
from quiz_server_helpers import (esc, INSTRUCTOR_TOKEN, STUDENTS, Student, csrf_of, right_answer,
                                 section, text, wrong_answer)

from grader.quiz import grade_answer
from grader.quiz.server import create_app, serve


def by_type(bank, student, qtype):
    return next(v for v in bank.variant(student) if v.type == qtype)


def alert(body: str) -> str:
    m = re.search(r'role="alert"[^>]*>([^<]*)<', body)
    assert m, "no error message on the page"
    return html.unescape(m.group(1))


# ------------------------------------------------------------------ the bank


def test_the_course_bank_has_every_question_type(bank):
    assert {q.type for q in bank.questions} >= {
        "single_choice", "multiple_choice", "true_false", "numeric", "parameterised"}


# ------------------------------------------------------------------- sign-in


def test_sign_in_page_is_a_form_with_a_csrf_token(app):
    r = app.test_client().get("/")
    assert r.status_code == 200
    body = text(r)
    assert 'action="/login"' in body and 'name="token"' in body
    assert len(csrf_of(body)) >= 32


def test_sign_in_with_the_roster_token_shows_the_students_quiz(app, bank, tokens):
    s = Student(app, tokens["alice"])
    body = text(s.get("/quiz"))
    assert 'id="student">alice<' in body
    for v in bank.variant("alice"):
        assert esc(v.prompt) in section(body, v.id)


def test_unknown_token_is_refused_with_a_message(app):
    c = app.test_client()
    token = csrf_of(text(c.get("/")))
    r = c.post("/login", data={"token": "not-a-token", "csrf_token": token})
    assert r.status_code == 403
    assert "Unknown token" in alert(text(r))
    assert c.get("/quiz").status_code == 302          # still signed out


def test_empty_token_is_refused_with_a_message(app):
    c = app.test_client()
    token = csrf_of(text(c.get("/")))
    r = c.post("/login", data={"token": "  ", "csrf_token": token})
    assert r.status_code == 400
    assert "access token" in alert(text(r))


def test_quiz_page_needs_sign_in(app):
    r = app.test_client().get("/quiz")
    assert r.status_code == 302 and r.headers["Location"].endswith("/")


def test_signing_in_starts_a_fresh_session(app, tokens):
    c = app.test_client()
    before = csrf_of(text(c.get("/")))
    c.post("/login", data={"token": tokens["bob"], "csrf_token": before})
    after = csrf_of(text(c.get("/quiz")))
    assert after != before


def test_the_session_cookie_holds_only_the_student_and_csrf_token(app, tokens):
    s = Student(app, tokens["alice"])
    cookie = s.client.get_cookie("quiz_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    data = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    assert set(data) == {"student", "csrf_token"}     # signed, not encrypted: nothing secret in it


def test_sign_out(app, tokens):
    s = Student(app, tokens["alice"])
    r = s.post("/logout", {"csrf_token": s.csrf})
    assert r.status_code == 303
    assert s.get("/quiz").status_code == 302


# ----------------------------------------------------------------- variants


def test_each_student_gets_their_own_variant(app, bank, tokens):
    params = [v for v in bank.variant("alice") if v.type == "parameterised"]
    assert params, "the bank has no parameterised question"
    pages = {s: text(Student(app, tokens[s]).get("/quiz")) for s in STUDENTS}
    differs = 0
    for v in params:
        prompts = {s: esc(bank.variant_for(s, v.id).prompt) for s in STUDENTS}
        for s in STUDENTS:
            assert prompts[s] in section(pages[s], v.id)
        differs += len(set(prompts.values())) > 1
    assert differs, "every student got the same numbers"


# ------------------------------------------------------- grading and storage


@pytest.mark.parametrize("qtype", ["single_choice", "multiple_choice", "true_false",
                                   "numeric", "parameterised"])
def test_a_right_answer_is_graded_and_stored(app, bank, tokens, store, qtype):
    v = by_type(bank, "carol", qtype)
    s = Student(app, tokens["carol"])
    r = s.answer(v.id, right_answer(v))
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/quiz#q-{v.id}")
    rows = store.answers("carol")
    assert len(rows) == 1
    row = rows[0]
    assert (row["question_id"], row["correct"], row["score"], row["max_score"]) == (
        v.id, True, v.points, v.points)
    sec = section(text(s.get("/quiz")), v.id)
    assert 'class="verdict right"' in sec and "Correct" in sec
    assert "<form" not in sec                      # answered: no second form


@pytest.mark.parametrize("qtype", ["single_choice", "multiple_choice", "true_false",
                                   "numeric", "parameterised"])
def test_a_wrong_answer_is_graded_stored_and_its_feedback_shown(app, bank, tokens, store, qtype):
    v = by_type(bank, "dave", qtype)
    s = Student(app, tokens["dave"])
    answer = wrong_answer(v)
    assert s.answer(v.id, answer).status_code == 303
    [row] = store.answers("dave")
    assert row["correct"] is False and row["score"] < v.points
    expected = grade_answer(v, answer, reveal=True)
    assert row["feedback"] == expected.feedback
    sec = section(text(s.get("/quiz")), v.id)
    assert esc(expected.feedback.splitlines()[0]) in sec
    assert "Your answer:" in sec


def test_the_gradebook_is_sqlite_in_wal_mode(app, bank, tokens, db_path):
    v = bank.variant("alice")[0]
    Student(app, tokens["alice"]).answer(v.id, right_answer(v))
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT student, question_id FROM quiz_answers").fetchall() == [
            ("alice", v.id)]


def test_a_second_attempt_is_refused_with_409(app, bank, tokens, store):
    v = bank.variant("alice")[0]
    s = Student(app, tokens["alice"])
    assert s.answer(v.id, wrong_answer(v)).status_code == 303
    r = s.answer(v.id, right_answer(v))
    assert r.status_code == 409
    assert "Already answered" in alert(text(r))
    [row] = store.answers("alice")
    assert row["correct"] is False


def test_more_attempts_when_the_config_allows_them(make_app, bank, tokens, store):
    app = make_app(max_attempts=2)
    v = by_type(bank, "bob", "numeric")
    s = Student(app, tokens["bob"])
    assert s.answer(v.id, wrong_answer(v)).status_code == 303
    page = text(s.get("/quiz"))
    sec = section(page, v.id)
    # an attempt remains: the feedback does not give the answer away, and the form is back
    revealed = grade_answer(v, wrong_answer(v), reveal=True).feedback.splitlines()[0]
    assert esc(revealed) not in page
    assert "<form" in sec and "Answer again" in sec and "attempt 1 of 2" in sec
    assert s.answer(v.id, wrong_answer(v)).status_code == 303
    assert esc(revealed) in section(text(s.get("/quiz")), v.id)
    r = s.answer(v.id, right_answer(v))
    assert r.status_code == 409 and "at most 2" in alert(text(r))
    assert [a["attempt"] for a in store.answers("bob")] == [1, 2]


def test_no_attempt_after_a_right_answer(make_app, bank, tokens, store):
    app = make_app(max_attempts=3)
    v = by_type(bank, "bob", "single_choice")
    s = Student(app, tokens["bob"])
    assert s.answer(v.id, right_answer(v)).status_code == 303
    assert s.answer(v.id, right_answer(v)).status_code == 409
    assert len(store.answers("bob")) == 1


# --------------------------------------------------------------- bad requests


@pytest.mark.parametrize("qtype,answer,status,message", [
    ("numeric", "", 400, "Empty answer"),
    ("numeric", "   ", 400, "Empty answer"),
    ("numeric", "twelve", 400, "is not a number"),
    ("numeric", "1e999", 400, "finite"),
    ("parameterised", "0x1F", 400, "is not a number"),
    ("single_choice", "", 400, "Empty answer"),
    ("single_choice", "zz", 400, "Unknown choice"),
    ("true_false", "maybe", 400, "Unknown choice"),
    ("multiple_choice", [], 400, "Empty answer"),
    ("multiple_choice", ["zz"], 400, "Unknown choice"),
])
def test_bad_answers_get_400_with_a_message_and_use_no_attempt(app, bank, tokens, store,
                                                               qtype, answer, status, message):
    v = by_type(bank, "alice", qtype)
    s = Student(app, tokens["alice"])
    r = s.answer(v.id, answer)
    assert r.status_code == status
    assert message in alert(text(r))
    assert store.answers("alice") == []
    assert s.answer(v.id, right_answer(v)).status_code == 303   # the attempt is still there


def test_two_answers_to_a_single_choice_question_are_refused(app, bank, tokens, store):
    v = by_type(bank, "alice", "single_choice")
    s = Student(app, tokens["alice"])
    ids = [c["id"] for c in v.choices][:2]
    r = s.answer(v.id, ids)
    assert r.status_code == 400 and "one answer" in alert(text(r))
    assert store.answers("alice") == []


def test_a_very_long_answer_is_refused(app, bank, tokens, store):
    v = by_type(bank, "alice", "numeric")
    r = Student(app, tokens["alice"]).answer(v.id, "1" * 5000)
    assert r.status_code == 400 and "too long" in alert(text(r))
    assert store.answers("alice") == []


def test_unknown_question_is_404_with_a_message(app, tokens, store):
    s = Student(app, tokens["alice"])
    r = s.answer("no-such-question", "1")
    assert r.status_code == 404
    assert "Unknown question" in alert(text(r))
    assert store.answers("alice") == []


def test_answering_without_signing_in_is_401(app, bank):
    c = app.test_client()
    token = csrf_of(text(c.get("/")))
    v = bank.variant("alice")[0]
    r = c.post(f"/quiz/{v.id}", data={"answer": right_answer(v), "csrf_token": token})
    assert r.status_code == 401 and "Sign in" in alert(text(r))


def test_unknown_page_and_wrong_method_have_messages(app):
    c = app.test_client()
    r = c.get("/nowhere")
    assert r.status_code == 404 and "no such page" in alert(text(r))
    r = c.put("/login")
    assert r.status_code == 405 and "does not take" in alert(text(r))


# ----------------------------------------------------------------------- CSRF


def test_answer_without_csrf_token_is_400(app, bank, tokens, store):
    v = bank.variant("alice")[0]
    s = Student(app, tokens["alice"])
    r = s.post(f"/quiz/{v.id}", {"answer": right_answer(v)})
    assert r.status_code == 400
    assert "security token (CSRF) is missing" in alert(text(r))
    assert store.answers("alice") == []


def test_answer_with_a_wrong_csrf_token_is_400(app, bank, tokens, store):
    v = bank.variant("alice")[0]
    s = Student(app, tokens["alice"])
    r = s.answer(v.id, right_answer(v), csrf="x" * 43)
    assert r.status_code == 400
    assert "security token (CSRF) is wrong" in alert(text(r))
    assert store.answers("alice") == []


def test_a_csrf_token_of_another_session_is_refused(app, bank, tokens, store):
    v = bank.variant("alice")[0]
    alice, bob = Student(app, tokens["alice"]), Student(app, tokens["bob"])
    r = alice.answer(v.id, right_answer(v), csrf=bob.csrf)
    assert r.status_code == 400 and "CSRF" in alert(text(r))
    assert store.answers("alice") == []


def test_csrf_token_in_a_header_is_accepted(app, bank, tokens, store):
    v = bank.variant("alice")[0]
    s = Student(app, tokens["alice"])
    r = s.client.post(f"/quiz/{v.id}", data={"answer": right_answer(v)},
                      headers={"X-CSRF-Token": s.csrf})
    assert r.status_code == 303
    assert len(store.answers("alice")) == 1


@pytest.mark.parametrize("path", ["/login", "/logout", "/instructor"])
def test_every_post_needs_the_csrf_token(app, tokens, path):
    c = app.test_client()
    c.get("/")
    r = c.post(path, data={"token": tokens["alice"]})
    assert r.status_code == 400 and "CSRF" in alert(text(r))


def test_login_without_any_session_is_refused(app, tokens):
    r = app.test_client().post("/login", data={"token": tokens["alice"], "csrf_token": "abc"})
    assert r.status_code == 400 and "CSRF" in alert(text(r))


# ---------------------------------------------------------------- instructor


def instructor(app, token=INSTRUCTOR_TOKEN):
    c = app.test_client()
    r = c.get("/instructor")
    return c, c.post("/instructor", data={"token": token, "csrf_token": csrf_of(text(r))})


def test_instructor_page_needs_the_instructor_token(app, tokens):
    c = app.test_client()
    r = c.get("/instructor")
    assert r.status_code == 200
    body = text(r)
    assert 'name="token"' in body and 'id="results"' not in body
    for s in STUDENTS:
        assert s not in body


def test_wrong_instructor_token_is_403(app, tokens):
    for token in ("nope", tokens["alice"], ""):
        c, r = instructor(app, token)
        assert r.status_code == 403 and "Wrong instructor token" in alert(text(r))
        assert 'id="results"' not in text(c.get("/instructor"))


def test_a_signed_in_student_does_not_see_the_instructor_page(app, tokens):
    s = Student(app, tokens["alice"])
    assert 'id="results"' not in text(s.get("/instructor"))


def test_instructor_sees_live_results_of_every_student(app, bank, tokens):
    va, vb = bank.variant("alice")[0], bank.variant("bob")[1]
    Student(app, tokens["alice"]).answer(va.id, right_answer(va))
    Student(app, tokens["bob"]).answer(vb.id, wrong_answer(vb))
    c, r = instructor(app)
    assert r.status_code == 303
    r = c.get("/instructor")
    body = text(r)
    assert r.status_code == 200 and 'id="results"' in body
    assert re.search(r'<meta http-equiv="refresh" content="\d+">', body)
    heads = re.findall(r'<th scope="col">([^<]*)</th>', body)
    assert heads == ["Student"] + bank.ids + ["Total"]
    rows = dict(re.findall(r'<tr data-student="([^"]+)">(.*?)</tr>', body, re.S))
    assert sorted(rows) == sorted(STUDENTS)
    cells = lambda s: re.findall(r'<td class="(\w+)"[^>]*>([^<]*)</td>', rows[s])  # noqa: E731
    assert cells("alice")[bank.ids.index(va.id)] == ("right", f"{va.points:g}/{va.points:g}")
    assert cells("bob")[bank.ids.index(vb.id)][0] == "wrong"
    assert all(state == "open" for state, _ in cells("carol"))
    # a student answering now shows on the next refresh
    vc = bank.variant("carol")[2]
    Student(app, tokens["carol"]).answer(vc.id, right_answer(vc))
    page = text(c.get("/instructor"))
    rows = dict(re.findall(r'<tr data-student="([^"]+)">(.*?)</tr>', page, re.S))
    assert cells("carol")[bank.ids.index(vc.id)][0] == "right"


def test_instructor_session_cannot_answer(app, bank):
    c, _ = instructor(app)
    token = csrf_of(text(c.get("/")))
    v = bank.variant("alice")[0]
    r = c.post(f"/quiz/{v.id}", data={"answer": right_answer(v), "csrf_token": token})
    assert r.status_code == 401


# ------------------------------------------------------------------- pages


def every_page(app, bank, tokens):
    s = Student(app, tokens["alice"])
    v = bank.variant("alice")[0]
    s.answer(v.id, right_answer(v))
    s.get("/quiz")
    s.answer(v.id, right_answer(v))
    s.answer("nope", "1")
    s.get("/nowhere")
    c, _ = instructor(app)
    return s.pages + [text(c.get("/instructor")), text(app.test_client().get("/instructor"))]


def test_pages_are_self_contained_and_fit_a_phone(app, bank, tokens):
    for body in every_page(app, bank, tokens):
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in body
        assert "<style>" in body
        assert "<script" not in body.lower()
        assert not re.search(r'(src|href|action)="(https?:)?//', body)
        assert "@import" not in body and "url(" not in body


def test_security_headers(app):
    r = app.test_client().get("/")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Cache-Control"] == "no-store"


def test_student_text_is_escaped(bank, tmp_path):
    app = create_app(bank, tmp_path / "g.db", {"tok-evil-0000": "<b>evil</b>"})
    s = Student(app, "tok-evil-0000")
    body = text(s.get("/quiz"))
    assert "<b>evil</b>" not in body and "&lt;b&gt;evil&lt;/b&gt;" in body


# ----------------------------------------------------------------- command


def test_serve_help_and_errors(tmp_path):
    runner = CliRunner()
    r = runner.invoke(serve, ["--help"])
    assert r.exit_code == 0 and "--roster" in r.output and "127.0.0.1" in r.output
    bad = tmp_path / "bad.csv"
    bad.write_text("name,secret\nalice,x\n", encoding="utf-8")
    r = runner.invoke(serve, ["--roster", str(bad), "--db", str(tmp_path / "g.db")])
    assert r.exit_code != 0 and "student,token" in r.output and "Traceback" not in r.output


def test_grader_quiz_serve_is_wired(tmp_path):
    from grader.cli import main
    r = CliRunner().invoke(main, ["quiz", "serve", "--help"])
    assert r.exit_code == 0 and "--roster" in r.output


def test_guessing_tokens_is_limited(app, tokens):
    c = app.test_client()
    token = csrf_of(text(c.get("/")))
    for i in range(30):
        r = c.post("/login", data={"token": f"guess-{i}", "csrf_token": token})
        assert r.status_code == 403
    r = c.post("/login", data={"token": tokens["alice"], "csrf_token": token})
    assert r.status_code == 429 and "Too many wrong tokens" in alert(text(r))
    r = c.post("/instructor", data={"token": INSTRUCTOR_TOKEN, "csrf_token": token})
    assert r.status_code == 429
