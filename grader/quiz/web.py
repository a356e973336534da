"""The quiz's web pages: a Flask blueprint (``pages``) over a ``QuizState``.

Students sign in with their roster token.  With named quizzes (quizzes.toml)
``/quiz`` lists them with where each stands; ``/quizzes/<id>`` is a quiz: a
clear page before it opens and after it closes, a start button for a timed
quiz, then the student's own drawn questions with the time left, each answer
graded on the server (``QuizService.answer``) and refused once time is up.
Without named quizzes ``/quiz`` is the whole bank (practice mode).

What the browser gets never tells the right answer ahead of time: a
question is rendered from the public ``QuestionVariant`` (prompt, choices
without correctness, points), and its verdict and feedback appear only once
it has been answered and the quiz's ``show_feedback`` allows them.  Pages are
self-contained (inline CSS, no script; the Content-Security-Policy of
``server.create_app`` forbids anything else).

The instructor page (token from the configuration or printed at start) lists
the quizzes with live counts; a quiz's page shows each student's state,
per-question difficulty, the extensions granted, and a form to extend one
student's time or window (recorded with who and why).

CSRF (Flask-WTF) and the wrong-token limit (Flask-Limiter) are set up by
``server.create_app``; ``token_limit`` below is the limit's declaration.
"""
from __future__ import annotations

import hmac
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from flask import (Blueprint, abort, current_app, redirect, render_template, request, session,
                   url_for)
from flask_wtf.csrf import generate_csrf

from grader.quiz.bank import Bank
from grader.quiz.grading import InvalidAnswer
from grader.quiz.quizzes import WHOLE_BANK
from grader.quiz.sittings import QuizService, QuizUnavailable, duration, when
from grader.store.quiz_answers import AlreadyAnswered

MAX_ANSWER_CHARS = 200
CSRF_FIELD = "csrf_token"
CSRF_SLOT = "csrf-slot-" + secrets.token_hex(16)   # replaced by the session's token
REFRESH_SECONDS = 5
TOKEN_LIMIT = "30 per 5 minutes"                    # wrong tokens per client address
SIGN_IN_ENDPOINTS = ("quiz.login", "quiz.instructor_login")
TOO_MANY = "Too many wrong tokens from this address: wait a few minutes, then try again."

pages = Blueprint("quiz", __name__, template_folder="templates")


class BadAnswer(ValueError):
    """The posted answer cannot be graded (empty, not a number, not a choice)."""


@dataclass
class QuizState:
    """What the pages serve from: the quizzes (through the service), the roster."""
    service: QuizService
    roster: dict[str, str]                     # token -> student id
    instructor_token: str
    named: bool                                # named quizzes, or the whole bank
    title: str = "Quiz"
    fragments: dict = field(default_factory=dict)
    urls: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        self.students = sorted(set(self.roster.values()))
        self.student_set = frozenset(self.students)

    @property
    def bank(self) -> Bank:
        return self.service.bank

    @property
    def store(self):
        return self.service.store

    def student_for(self, token: str) -> str | None:
        """The student whose token this is, compared in constant time."""
        token = token.encode("utf-8", "replace")
        found = None
        for known, student in self.roster.items():
            if hmac.compare_digest(known.encode("utf-8", "replace"), token):
                found = student
        return found

    def variant(self, student: str) -> list:
        """The student's questions of the whole-bank quiz (practice mode)."""
        return self.service.questions(WHOLE_BANK, student)

    def close(self):
        """Nothing to release: the store's connections close with their threads."""


def state() -> QuizState:
    return current_app.extensions["quiz"]


def cached_url(endpoint: str, **values) -> str:
    """``url_for`` once per endpoint and arguments (a page links every question: building
    each link anew was a tenth of the page's time)."""
    urls = state().urls
    key = (endpoint, *sorted(values.items()))
    url = urls.get(key)
    if url is None:
        if len(urls) > 100_000:
            urls.clear()
        url = urls[key] = url_for(endpoint, **values)
    return url


# --------------------------------------------------------------------------- #
# Answers as the form posts them.
# --------------------------------------------------------------------------- #

def question_kind(variant) -> str:
    """'multi', 'single' or 'numeric': how the question is answered."""
    return {"checkbox": "multi", "radio": "single", "number": "numeric"}[variant.input_kind]


def parse_answer(variant, form) -> Any:
    """The answer in ``form`` (a werkzeug MultiDict) as grade_answer takes it,
    or :class:`BadAnswer` with a message for the student.  Numbers stay text:
    grade_answer parses them (and says what is wrong with one that is not)."""
    kind = question_kind(variant)
    choice_ids = [str(c["id"]) for c in variant.choices]
    values = form.getlist("answer")
    if any(len(v) > MAX_ANSWER_CHARS for v in values):
        raise BadAnswer(f"The answer is too long (at most {MAX_ANSWER_CHARS} characters).")
    if kind == "multi":
        picked = [v.strip() for v in values if v.strip()]
        if not picked:
            raise BadAnswer("Empty answer: tick at least one choice.")
        unknown = [p for p in picked if p not in choice_ids]
        if unknown:
            raise BadAnswer(f"Unknown choice {unknown[0][:40]!r} for this question.")
        if len(set(picked)) != len(picked):
            raise BadAnswer("The same choice was sent twice.")
        return sorted(picked, key=choice_ids.index)
    if len(values) > 1:
        raise BadAnswer("Send one answer only.")
    raw = (values[0] if values else "").strip()
    if not raw:
        raise BadAnswer("Empty answer: choose one of the choices." if kind == "single"
                        else "Empty answer: type a number.")
    if kind == "single" and raw not in choice_ids:
        raise BadAnswer(f"Unknown choice {raw[:40]!r} for this question.")
    return raw


def format_answer(variant, answer) -> str:
    """A student's stored answer as they would recognise it (choice texts)."""
    texts = {str(c["id"]): str(c["text"]) for c in variant.choices}
    if isinstance(answer, (list, tuple)):
        return "; ".join(texts.get(str(a), str(a)) for a in answer) or "(none)"
    if isinstance(answer, float):
        return f"{answer:g}"
    return texts.get(str(answer), str(answer))


def answer_view(variant, row, visible: bool = True) -> dict:
    """What the page shows of an answered question: only its own verdict, and only
    the answer itself while the quiz keeps verdicts for later."""
    if not visible:
        return {"state": "kept", "heading": "Answer recorded", "hidden": True,
                "your_answer": format_answer(variant, row["answer"]), "feedback": ""}
    score, max_score = float(row["score"]), float(row["max_score"])
    correct = bool(row["correct"])
    state_ = "right" if correct else ("part" if score > 0 else "wrong")
    heading = {"right": "Correct", "part": "Partly right", "wrong": "Not right"}[state_]
    return {"state": state_, "heading": heading, "last_score": score, "last_max": max_score,
            "your_answer": format_answer(variant, row["answer"]), "hidden": False,
            "feedback": str(row["feedback"] or "")}


def _rows_by_question(rows) -> dict[str, list]:
    out: dict[str, list] = {}
    for row in rows:
        out.setdefault(str(row["question_id"]), []).append(row)
    return out


# --------------------------------------------------------------------------- #
# Request plumbing.
# --------------------------------------------------------------------------- #

def page(template: str, code: int = 200, **context):
    return render_template(template, **context), code


def error_page(status: int, message: str, back: str | None = None):
    return page("error.html", status, status=status, message=message,
                back=back or url_for("quiz.index"))


def current_student() -> str | None:
    student = session.get("student")
    return student if student and student in state().student_set else None


def signed_in_student() -> str:
    student = current_student()
    if not student:
        abort(401, "Sign in with your access token first.")
    return student


def named_quiz_or_404(quiz_id: str):
    if not state().named or quiz_id not in state().service.quizzes:
        abort(404, f"There is no quiz {quiz_id[:60]!r}.")
    return state().service.quiz(quiz_id)


def token_failed(response) -> bool:
    """Flask-Limiter counts a sign-in only when the token was wrong."""
    return response.status_code == 403


# --------------------------------------------------------------------------- #
# Student pages.
# --------------------------------------------------------------------------- #

@pages.get("/")
def index():
    if current_student():
        return redirect(url_for("quiz.home"))
    return page("login.html")


@pages.post("/login")
def login():
    token = (request.form.get("token") or "").strip()
    if not token:
        return page("login.html", 400, error="Type the access token you were given.")
    student = state().student_for(token)
    if student is None:
        return page("login.html", 403, error="Unknown token: check the access token you "
                                             "were given and try again.")
    session.clear()                       # a fresh session (and CSRF token) once signed in
    session["student"] = student
    return redirect(url_for("quiz.home"), 303)


@pages.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("quiz.index"), 303)


@pages.get("/quiz")
def home():
    student = current_student()
    if not student:
        return redirect(url_for("quiz.index"))
    if not state().named:
        return render_quiz(WHOLE_BANK, student)
    service = state().service
    rows = []
    for quiz in service.quizzes.values():
        status = service.status(quiz.id, student)
        rows.append({"quiz": quiz, "status": status, "explain": status.explain(),
                     "url": cached_url("quiz.quiz_page", quiz_id=quiz.id)})
    return page("quizzes.html", student=student, rows=rows)


@pages.get("/quizzes/<quiz_id>")
def quiz_page(quiz_id: str):
    student = current_student()
    if not student:
        return redirect(url_for("quiz.index"))
    named_quiz_or_404(quiz_id)
    return render_quiz(quiz_id, student)


@pages.post("/quizzes/<quiz_id>/start")
def start(quiz_id: str):
    student = signed_in_student()
    named_quiz_or_404(quiz_id)
    try:
        state().service.start(quiz_id, student)
    except QuizUnavailable as e:
        return render_quiz(quiz_id, student, 403, error=str(e))
    return redirect(url_for("quiz.quiz_page", quiz_id=quiz_id), 303)


@pages.post("/quizzes/<quiz_id>/finish")
def finish(quiz_id: str):
    student = signed_in_student()
    named_quiz_or_404(quiz_id)
    state().service.finish(quiz_id, student)
    return redirect(url_for("quiz.quiz_page", quiz_id=quiz_id), 303)


@pages.post("/quizzes/<quiz_id>/answer/<path:question_id>")
def answer_named(quiz_id: str, question_id: str):
    named_quiz_or_404(quiz_id)
    return answer_in(quiz_id, question_id)


@pages.post("/quiz/<path:question_id>")
def answer(question_id: str):
    if state().named:
        abort(404, "Choose a quiz first.")
    return answer_in(WHOLE_BANK, question_id)


def answer_in(quiz_id: str, question_id: str):
    student = signed_in_student()
    service = state().service
    variant = service.question(quiz_id, student, question_id)
    if variant is None:
        abort(404, f"Unknown question {question_id[:60]!r}: it is not one of your questions.")
    kept = {question_id: (request.form.get("answer") or "")[:MAX_ANSWER_CHARS]}
    try:
        value = parse_answer(variant, request.form)
        service.answer(quiz_id, student, question_id, value)
    except (BadAnswer, InvalidAnswer) as e:
        return render_quiz(quiz_id, student, 400, error=str(e), error_question=question_id,
                           kept=kept)
    except AlreadyAnswered:
        return render_quiz(quiz_id, student, 409, error=already_answered(quiz_id),
                           error_question=question_id)
    except QuizUnavailable as e:
        return render_quiz(quiz_id, student, 403, error=str(e))
    return redirect(quiz_url(quiz_id) + f"#q-{question_id}", 303)


def quiz_url(quiz_id: str) -> str:
    return cached_url("quiz.quiz_page", quiz_id=quiz_id) if quiz_id else cached_url("quiz.home")


def already_answered(quiz_id: str) -> str:
    attempts = state().service.quiz(quiz_id).attempts
    return ("Already answered: this question takes one answer only." if attempts == 1
            else f"Already answered: this question takes at most {attempts} answers "
                 "(and none after a right one).")


def render_quiz(quiz_id: str, student: str, status_code: int = 200, error: str | None = None,
                error_question: str | None = None, kept: dict | None = None):
    service = state().service
    quiz = service.quiz(quiz_id)
    status = service.status(quiz_id, student)
    context = {"student": student, "quiz": quiz, "status": status, "explain": status.explain(),
               "error": error, "named": state().named, "csrf": generate_csrf(),
               "refresh": None}
    if status.state in ("not_open", "closed", "ready"):
        return page("quiz_gate.html", status_code, **context)
    rows = _rows_by_question(service.store.answers(student, quiz_id))
    open_for_answers = status.state == "running"
    items, score, max_score, answered = [], 0.0, 0.0, 0
    for number, q in enumerate(service.questions(quiz_id, student), start=1):
        history = rows.get(q.id, [])
        last = history[-1] if history else None
        used = len(history)
        solved = any(h["correct"] for h in history)
        max_score += q.points
        if last is not None:
            answered += 1
            score += max(h["score"] for h in history)
        item = {"q": q, "id": q.id, "kind": question_kind(q), "points": q.points,
                "action": answer_action(quiz_id, q.id), "last": last, "attempts_used": used,
                "attempts_left": max(quiz.attempts - used, 0),
                "done": solved or used >= quiz.attempts or not open_for_answers,
                "error": error if error_question == q.id else None,
                "kept": (kept or {}).get(q.id)}
        if last is not None:
            item.update(answer_view(q, last, status.feedback_visible))
            item["shown_when"] = ("after your attempt" if quiz.show_feedback == "after_attempt"
                                  else "after the quiz closes")
            if not item["error"]:
                item["html"] = answered_html(item, number, quiz.attempts, student, quiz_id,
                                             status.feedback_visible)
        elif not item["error"] and not item["kept"] and not item["done"]:
            item["html"] = unanswered_html(item, number, quiz.attempts)
        items.append(item)
    if status.seconds_left is not None:
        context["refresh"] = int(status.seconds_left) + 1   # the page turns over at time-up
        context["time_left"] = duration(status.seconds_left)
        context["deadline"] = when(status.deadline)
    body = render_template("quiz.html", items=items, answered=answered, max_attempts=quiz.attempts,
                           score=score if status.feedback_visible else None,
                           max_score=max_score, **context)
    return body.replace(CSRF_SLOT, context["csrf"]), status_code


def answer_action(quiz_id: str, question_id: str) -> str:
    if quiz_id == WHOLE_BANK:
        return cached_url("quiz.answer", question_id=question_id)
    return cached_url("quiz.answer_named", quiz_id=quiz_id, question_id=question_id)


def answered_html(item: dict, number: int, attempts: int, student: str, quiz_id: str,
                  visible: bool) -> str:
    """An answered question changes only with a new attempt, the feedback becoming
    visible, or the quiz closing: its HTML is kept under those (token in a slot)."""
    key = ("answered", quiz_id, student, item["id"], item["attempts_used"], visible,
           item["done"], number)
    return _fragment(key, item, number, attempts)


def _fragment(key, item: dict, number: int, attempts: int) -> str:
    fragments = state().fragments
    html = fragments.get(key)
    if html is None:
        if len(fragments) > 100_000:
            fragments.clear()
        macro = current_app.jinja_env.get_template("_question.html").module.question
        html = fragments.setdefault(key, macro(item, number, CSRF_SLOT, attempts))
    return html


def unanswered_html(item: dict, number: int, attempts: int) -> str:
    """An unanswered question looks the same for every student who drew the same
    prompt in the same order, but for the session's CSRF token: its HTML is rendered
    once, with a slot for the token, and reused (pages are most of the server's work)."""
    q = item["q"]
    key = (item["action"], q.prompt, tuple(c["id"] for c in q.choices), q.points, number, attempts)
    return _fragment(key, item, number, attempts)


# --------------------------------------------------------------------------- #
# Instructor pages.
# --------------------------------------------------------------------------- #

def instructor_or_login():
    if not session.get("instructor"):
        return page("instructor_login.html")
    return None


@pages.get("/instructor")
def instructor():
    gate = instructor_or_login()
    if gate:
        return gate
    if not state().named:
        return page("instructor.html", **results_table(state()), refresh=REFRESH_SECONDS)
    service = state().service
    rows = [quiz_counts(service, quiz) for quiz in service.quizzes.values()]
    return page("instructor_quizzes.html", rows=rows, refresh=REFRESH_SECONDS,
                students=len(state().students))


@pages.post("/instructor")
def instructor_login():
    token = (request.form.get("token") or "").strip()
    if not token or not hmac.compare_digest(token.encode("utf-8", "replace"),
                                            state().instructor_token.encode()):
        return page("instructor_login.html", 403,
                    error="Wrong instructor token: use the one printed when the server started "
                          "(or [quiz].instructor_token in course.toml).")
    session.clear()
    session["instructor"] = True
    return redirect(url_for("quiz.instructor"), 303)


@pages.get("/instructor/quizzes/<quiz_id>")
def instructor_quiz(quiz_id: str, status_code: int = 200, error: str | None = None,
                    done: str | None = None):
    gate = instructor_or_login()
    if gate:
        return gate
    quiz = named_quiz_or_404(quiz_id)
    service = state().service
    return page("instructor_quiz.html", status_code, quiz=quiz, error=error, done=done,
                counts=quiz_counts(service, quiz), students=student_rows(service, quiz),
                difficulty=difficulty(service, quiz), refresh=None,
                extensions=service.store.extensions(quiz_id), roster=state().students)


@pages.post("/instructor/quizzes/<quiz_id>/extend")
def extend(quiz_id: str):
    if not session.get("instructor"):
        abort(401, "Sign in as the instructor first.")
    named_quiz_or_404(quiz_id)
    form = request.form
    student = (form.get("student") or "").strip()
    by, reason = (form.get("granted_by") or "").strip(), (form.get("reason") or "").strip()
    try:
        minutes = float(form.get("extra_minutes") or 0)
        closes = parse_local_utc(form.get("closes") or "")
    except ValueError:
        return instructor_quiz(quiz_id, 400, error="Extra minutes must be a number and the new "
                                                   "closing time a date and time (UTC).")
    problem = None
    if student not in state().student_set:
        problem = f"{student[:60] or 'Nobody'} is not on the roster."
    elif not by or not reason:
        problem = "Say who grants the extension and why: both are recorded."
    elif minutes < 0 or minutes > 7 * 24 * 60 or (minutes == 0 and closes is None):
        problem = "Give extra minutes (up to a week) or a later closing time."
    if problem:
        return instructor_quiz(quiz_id, 400, error=problem)
    state().service.extend(quiz_id, student, granted_by=by[:100], reason=reason[:500],
                           extra_minutes=minutes, closes=closes)
    return instructor_quiz(quiz_id, 200, done=f"Extension recorded for {student}.")


def parse_local_utc(text: str) -> datetime | None:
    """The form's datetime-local value (read as UTC), or None when empty."""
    text = text.strip()
    if not text:
        return None
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def quiz_counts(service: QuizService, quiz) -> dict:
    """Live counts of one quiz: students by state, answers stored, mean score."""
    states = {"not_open": 0, "ready": 0, "running": 0, "over": 0, "closed": 0}
    scores = []
    for student in state().students:
        states[service.status(quiz.id, student).state] += 1
    answers = service.store.all_answers(quiz.id)
    answered_by = {r["student"] for r in answers}
    for student in answered_by & state().student_set:
        score, max_score = service.score(quiz.id, student)
        if max_score:
            scores.append(score / max_score)
    return {"quiz": quiz, "states": states, "answers": len(answers),
            "answered_by": len(answered_by), "url": url_for("quiz.instructor_quiz", quiz_id=quiz.id),
            "mean": sum(scores) / len(scores) if scores else None,
            "window": f"{when(quiz.opens) if quiz.opens else 'always'} – "
                      f"{when(quiz.closes) if quiz.closes else 'never'}"}


def student_rows(service: QuizService, quiz) -> list[dict]:
    rows = []
    for student in state().students:
        status = service.status(quiz.id, student)
        score, max_score = service.score(quiz.id, student)
        rows.append({"student": student, "state": status.state,
                     "started": when(status.started) if status.started else "",
                     "left": duration(status.seconds_left) if status.seconds_left is not None else "",
                     "closes": when(status.closes) if status.closes else "",
                     "limit": f"{status.time_limit:g} min" if status.time_limit else "",
                     "score": score, "max": max_score})
    return rows


def difficulty(service: QuizService, quiz) -> list[dict]:
    """Per question: how many students drew it, answered it, got it right; mean score."""
    drawn: dict[str, int] = {}
    for student in state().students:
        for v in service.questions(quiz.id, student):
            drawn[v.id] = drawn.get(v.id, 0) + 1
    best: dict[tuple[str, str], dict] = {}
    for row in service.store.all_answers(quiz.id):
        key = (row["student"], row["question_id"])
        b = best.setdefault(key, {"score": 0.0, "max": row["max_score"], "correct": False})
        b["score"] = max(b["score"], row["score"])
        b["correct"] = b["correct"] or row["correct"]
    out = []
    for qid, n in sorted(drawn.items(), key=lambda kv: kv[0]):
        mine = [b for (s, q), b in best.items() if q == qid]
        right = sum(b["correct"] for b in mine)
        mean = (sum(b["score"] / b["max"] for b in mine if b["max"]) / len(mine)) if mine else None
        out.append({"id": qid, "drawn": n, "answered": len(mine), "right": right,
                    "mean": mean, "topic": state().bank.get(qid).topic_title})
    out.sort(key=lambda d: (d["mean"] is None, d["mean"] if d["mean"] is not None else 0))
    return out


def results_table(st: QuizState) -> dict:
    """Students x questions for the whole-bank instructor page (each cell: the best attempt)."""
    columns = [str(q.id) for q in st.bank.questions]
    index = {c: i for i, c in enumerate(columns)}
    answered_per_q = {c: 0 for c in columns}
    correct_per_q = {c: 0 for c in columns}
    by_student = _rows_by_student(st.store.all_answers(WHOLE_BANK))
    rows = []
    for student in st.students:
        history = _rows_by_question(by_student.get(student, []))
        mine = {str(q.id): q for q in st.variant(student)}
        for qid in history:
            if qid not in index:                       # answered, then dropped from the bank
                index[qid] = len(columns)
                columns.append(qid)
                answered_per_q[qid] = correct_per_q[qid] = 0
        cells, total = [], 0.0
        for c in columns:
            tries = history.get(c)
            if tries:
                best = max(float(t["score"]) for t in tries)
                mx = float(tries[-1]["max_score"])
                ok = any(t["correct"] for t in tries)
                total += best
                answered_per_q[c] += 1
                correct_per_q[c] += ok
                cells.append({"state": "right" if ok else ("part" if best > 0 else "wrong"),
                              "text": f"{best:g}/{mx:g}", "attempts": len(tries)})
            else:
                cells.append({"state": "open" if c in mine else "none",
                              "text": "·" if c in mine else "", "attempts": 0})
        max_total = sum(float(q.points) for q in mine.values())
        rows.append({"student": student, "cells": cells, "total": total, "max": max_total,
                     "answered": sum(1 for c in cells if c["attempts"])})
    for r in rows:                                     # columns added late: pad earlier rows
        r["cells"] += [{"state": "none", "text": "", "attempts": 0}] * (len(columns) - len(r["cells"]))
    return {"columns": columns, "rows": rows, "answered_per_q": answered_per_q,
            "correct_per_q": correct_per_q}


def _rows_by_student(rows) -> dict[str, list]:
    out: dict[str, list] = {}
    for row in rows:
        out.setdefault(str(row["student"]), []).append(row)
    return out

