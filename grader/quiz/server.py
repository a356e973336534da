"""``grader quiz serve``: the quiz as a web page, one variant per student.

A Flask application served by waitress (pure Python, threaded).  A student
signs in with the token the roster gives them and sees their own variant of
the quiz (:meth:`Bank.variant`); each answer is posted to the server, graded
there (:func:`grade_answer`) and recorded in the gradebook through
:class:`QuizStore` (SQLite in WAL mode), which refuses a second answer to the
same question unless more attempts are allowed (409 "already answered").

What the browser gets never tells the right answer ahead of time: a question
is rendered from the public :class:`QuestionVariant` (prompt, choices without
correctness, points), and a question's feedback appears only once that
question has been answered.  Pages are self-contained (inline CSS, no script,
nothing fetched from elsewhere; the Content-Security-Policy forbids it).

Every POST carries a token bound to the session (CSRF); a missing or wrong
one is refused with 400.  Sessions are signed with a secret key from the
configuration or generated for each run.  The instructor page (a table of
students by questions that refreshes itself) needs the instructor token,
from the configuration or generated and printed at start.

Configuration (all optional), in course.toml::

    [quiz]
    attempts = 1                # answers allowed per question (grader.quiz.settings)
    secret_key = "..."          # signs the session cookies (else one per run)
    instructor_token = "..."    # for /instructor (else one per run, printed)
"""
from __future__ import annotations

import hmac
import secrets
import signal
import sqlite3
import sys
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from flask import Flask, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException

TEMPLATES = Path(__file__).resolve().parent / "templates"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
MAX_ANSWER_CHARS = 200
CSRF_SLOT = "csrf-slot-" + secrets.token_hex(16)   # replaced by the session's token
REFRESH_SECONDS = 5
# No script, no frame, nothing from elsewhere: styles inline, forms to this server only.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


class QuizHTTPError(HTTPException):
    """An error answered with ``code`` and a message written for the student."""

    def __init__(self, code: int, message: str):
        super().__init__(description=message)
        self.code = code


class BadAnswer(ValueError):
    """The posted answer cannot be graded (empty, not a number, not a choice)."""


# --------------------------------------------------------------------------- #
# The quiz package, reached only through its documented API.
# --------------------------------------------------------------------------- #

def _quiz():
    from grader import quiz
    return quiz


def question_kind(variant) -> str:
    """'multi', 'single' or 'numeric': how the question is answered."""
    kind = getattr(variant, "input_kind", None)
    if kind == "checkbox":
        return "multi"
    if kind == "radio":
        return "single"
    if kind == "number":
        return "numeric"
    qtype = str(getattr(variant, "type", "")).lower()
    if "multiple" in qtype:
        return "multi"
    return "single" if getattr(variant, "choices", None) else "numeric"


def parse_answer(variant, form) -> Any:
    """The answer in ``form`` (a werkzeug MultiDict) as grade_answer takes it,
    or :class:`BadAnswer` with a message for the student.  Numbers stay text:
    grade_answer parses them (and says what is wrong with one that is not)."""
    kind = question_kind(variant)
    choice_ids = [str(_get(c, "id")) for c in (variant.choices or [])]
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
    if kind == "single":
        if raw not in choice_ids:
            raise BadAnswer(f"Unknown choice {raw[:40]!r} for this question.")
        return raw
    return raw


def _get(obj, name, default=None):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


# --------------------------------------------------------------------------- #
# The application.
# --------------------------------------------------------------------------- #

@dataclass
class QuizState:
    """What the application serves from: the bank, the store, the roster."""
    bank: Any
    db_path: Path
    roster: dict[str, str]                     # token -> student id
    instructor_token: str
    max_attempts: int = 1
    title: str = "Quiz"
    _variants: dict[str, list] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    _indexes: dict[str, dict] = field(default_factory=dict)
    store: Any = None                          # a QuizStore (shared by threads)
    _keeper: sqlite3.Connection | None = None

    def __post_init__(self):
        self.students = sorted(set(self.roster.values()))
        self.student_set = frozenset(self.students)

    def student_for(self, token: str) -> str | None:
        """The student whose token this is, compared in constant time."""
        token = token.encode("utf-8", "replace")
        found = None
        for known, student in self.roster.items():
            if hmac.compare_digest(known.encode("utf-8", "replace"), token):
                found = student
        return found

    def variant(self, student: str) -> list:
        with self._lock:
            questions = self._variants.get(student)
        if questions is None:
            questions = list(self.bank.variant(student))
            with self._lock:
                questions = self._variants.setdefault(student, questions)
        return questions

    def hold_open(self):
        """Keep one connection to the gradebook open while the application lives.

        QuizStore opens a connection per call; when the last connection to a
        WAL database closes, SQLite checkpoints the WAL into the database and
        deletes it (with fsyncs), so every answer would pay for that (about
        20 ms on a disk).  With this one held open the WAL stays, and a commit
        costs well under a millisecond; SQLite checkpoints it as it grows."""
        if self._keeper is None:
            self._keeper = sqlite3.connect(self.db_path, check_same_thread=False)
            cursor = self._keeper.execute("SELECT count(*) FROM sqlite_master")
            cursor.fetchall()          # done and reset: it holds no read lock (checkpoints run)
            cursor.close()

    def close(self):
        if self._keeper is not None:
            self._keeper.close()
            self._keeper = None

    def question(self, student: str, question_id: str):
        """The student's variant of one question, or None."""
        index = self._indexes.get(student)
        if index is None:
            index = {str(q.id): q for q in self.variant(student)}
            with self._lock:
                index = self._indexes.setdefault(student, index)
        return index.get(question_id)


class FailureLimit:
    """At most ``limit`` wrong tokens per client address in ``window`` seconds
    (tokens cannot be guessed by trying them all; a class behind one NAT
    address still has room for its typos)."""

    def __init__(self, limit: int = 30, window: float = 300.0):
        self.limit, self.window = limit, window
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, who: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(who, []) if now - t < self.window]
        if times:
            self._failures[who] = times
        else:
            self._failures.pop(who, None)
        return times

    def blocked(self, who: str) -> bool:
        with self._lock:
            return len(self._recent(who, time.monotonic())) >= self.limit

    def failed(self, who: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._recent(who, now)
            self._failures.setdefault(who, []).append(now)
            if len(self._failures) > 10_000:          # never grows without bound
                for key in list(self._failures)[:5_000]:
                    self._failures.pop(key, None)


def format_answer(variant, answer) -> str:
    """A student's stored answer as they would recognise it (choice texts)."""
    texts = {str(_get(c, "id")): str(_get(c, "text")) for c in (variant.choices or [])}
    if isinstance(answer, (list, tuple)):
        return "; ".join(texts.get(str(a), str(a)) for a in answer) or "(none)"
    if isinstance(answer, float):
        return f"{answer:g}"
    return texts.get(str(answer), str(answer))


def answer_view(variant, row) -> dict:
    """What the page shows of an answered question: only its own verdict."""
    score = float(_get(row, "score", 0) or 0)
    max_score = float(_get(row, "max_score", 0) or 0)
    correct = bool(_get(row, "correct"))
    state = "right" if correct else ("part" if score > 0 else "wrong")
    heading = {"right": "Correct", "part": "Partly right", "wrong": "Not right"}[state]
    return {"state": state, "heading": heading, "last_score": score, "last_max": max_score,
            "your_answer": format_answer(variant, _get(row, "answer")),
            "feedback": str(_get(row, "feedback", "") or "")}


def _rows_by_question(rows) -> dict[str, list]:
    out: dict[str, list] = {}
    for row in rows or []:
        out.setdefault(str(_get(row, "question_id")), []).append(row)
    return out


def create_app(bank, db_path: str | Path, roster: dict[str, str], *,
               instructor_token: str | None = None, secret_key: str | None = None,
               max_attempts: int = 1, title: str | None = None) -> Flask:
    """The Flask application.  ``roster`` maps token -> student id."""
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    state = QuizState(bank=bank, db_path=Path(db_path), roster=dict(roster),
                      instructor_token=instructor_token or secrets.token_urlsafe(18),
                      max_attempts=int(max_attempts), title=title or "Quiz",
                      store=_quiz().QuizStore(Path(db_path)))
    state.hold_open()
    app = Flask(__name__, template_folder=str(TEMPLATES), static_folder=None)
    app.config.update(
        SECRET_KEY=secret_key or secrets.token_hex(32),
        SESSION_COOKIE_NAME="quiz_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=64 * 1024,
        MAX_FORM_MEMORY_SIZE=64 * 1024,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.extensions["quiz"] = state
    failures = FailureLimit()
    too_many = ("Too many wrong tokens from this address: wait a few minutes, "
                "then try again.")
    app.jinja_env.globals.update(title=state.title, csrf_field=CSRF_FIELD)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    # ---------------------------------------------------------------- helpers

    def csrf_token() -> str:
        token = session.get("csrf")
        if not token:
            token = session["csrf"] = secrets.token_urlsafe(32)
        return token

    app.jinja_env.globals["csrf_token"] = csrf_token

    def page(template: str, code: int = 200, **context):
        return render_template(template, **context), code

    def error_page(status: int, message: str, *, back: str | None = None):
        return page("error.html", status, status=status, message=message,
                    back=back or url_for("index"))

    @app.before_request
    def check_csrf():
        if request.method != "POST":
            return None
        sent = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
        expected = session.get("csrf") or ""
        if not sent:
            return error_page(400, "The form's security token (CSRF) is missing: "
                                   "reload the page and send it again.")
        if not expected or not hmac.compare_digest(sent.encode("utf-8", "replace"),
                                                   expected.encode()):
            return error_page(400, "The form's security token (CSRF) is wrong or has expired: "
                                   "reload the page and send it again.")
        return None

    @app.after_request
    def headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        messages = {
            404: "There is no such page.",
            405: "This page does not take that kind of request.",
            413: "The request is too large.",
        }
        message = e.description if isinstance(e, QuizHTTPError) else messages.get(
            e.code, e.description or e.name)
        return error_page(e.code or 500, message)

    def fail(status: int, message: str):
        raise QuizHTTPError(status, message)

    def current_student() -> str | None:
        student = session.get("student")
        if student and student in state.student_set:
            return student
        return None

    # ---------------------------------------------------------------- student

    @app.get("/")
    def index():
        if current_student():
            return redirect(url_for("quiz"))
        return page("login.html")

    @app.post("/login")
    def login():
        token = (request.form.get("token") or "").strip()
        if not token:
            return page("login.html", 400, error="Type the access token you were given.")
        who = request.remote_addr or "?"
        if failures.blocked(who):
            return page("login.html", 429, error=too_many)
        student = state.student_for(token)
        if student is None:
            failures.failed(who)
            return page("login.html", 403, error="Unknown token: check the access token you "
                                                 "were given and try again.")
        session.clear()                       # a fresh session (and CSRF token) once signed in
        session["student"] = student
        csrf_token()
        return redirect(url_for("quiz"), 303)

    @app.post("/logout")
    def logout():
        session.clear()
        return redirect(url_for("index"), 303)

    def render_quiz(student: str, status: int = 200, error: str | None = None,
                    error_question: str | None = None, kept: dict | None = None):
        questions = state.variant(student)
        rows = _rows_by_question(state.store.answers(student))
        items, score, max_score, answered = [], 0.0, 0.0, 0
        for number, q in enumerate(questions, start=1):
            qid = str(q.id)
            history = rows.get(qid, [])
            last = history[-1] if history else None
            used = len(history)
            solved = any(bool(_get(h, "correct")) for h in history)
            done = solved or used >= state.max_attempts
            points = float(getattr(q, "points", 0) or 0)
            max_score += points
            if last is not None:
                answered += 1
                score += max(float(_get(h, "score", 0) or 0) for h in history)
            item = {
                "q": q, "id": qid, "kind": question_kind(q), "points": points,
                "action": answer_url(qid),
                "last": last, "attempts_used": used,
                "attempts_left": max(state.max_attempts - used, 0), "done": done,
                "error": error if error_question == qid else None,
                "kept": (kept or {}).get(qid),
            }
            if last is not None:
                item.update(answer_view(q, last))
            elif not item["error"] and not item["kept"]:
                item["html"] = unanswered_html(item, number)
            items.append(item)
        body = render_template("quiz.html", student=student, items=items, score=score,
                               max_score=max_score, answered=answered, error=error,
                               max_attempts=state.max_attempts, csrf=csrf_token())
        return body.replace(CSRF_SLOT, csrf_token()), status

    # An unanswered question looks the same for every student who drew the same
    # prompt, but for the session's CSRF token: its HTML is rendered once, with
    # a slot for the token, and reused (the quiz page is most of the server's work).
    fragments: dict[tuple, str] = {}

    def unanswered_html(item: dict, number: int):
        key = (item["id"], item["q"].prompt, number)
        html = fragments.get(key)
        if html is None:
            if len(fragments) > 100_000:
                fragments.clear()
            macro = app.jinja_env.get_template("_question.html").module.question
            html = fragments.setdefault(key, macro(item, number, CSRF_SLOT, state.max_attempts))
        return html

    answer_urls: dict[str, str] = {}

    def answer_url(qid: str) -> str:
        url = answer_urls.get(qid)
        if url is None:
            url = answer_urls[qid] = url_for("answer", question_id=qid)
        return url

    @app.get("/quiz")
    def quiz():
        student = current_student()
        if not student:
            return redirect(url_for("index"))
        return render_quiz(student)

    @app.post("/quiz/<path:question_id>")
    def answer(question_id: str):
        student = current_student()
        if not student:
            fail(401, "Sign in with your access token first.")
        variant = state.question(student, question_id)
        if variant is None:
            fail(404, f"Unknown question {question_id[:60]!r}: it is not one of your questions.")
        try:
            value = parse_answer(variant, request.form)
        except BadAnswer as e:
            kept = {question_id: (request.form.get("answer") or "")[:MAX_ANSWER_CHARS]}
            return render_quiz(student, 400, error=str(e), error_question=question_id, kept=kept)
        quiz_pkg = _quiz()
        refused = None
        # One answer is recorded at a time in this process: the attempt number
        # read here is the one recorded, and writers queue on this lock instead
        # of on SQLite's busy timeout (whose sleeps make long tails).  The store
        # itself still refuses a second answer across processes (BEGIN
        # IMMEDIATE, UNIQUE(student, question_id, attempt)).
        with state.write_lock:
            used, _best, solved = state.store.attempts(student, question_id)
            if solved or used >= state.max_attempts:
                refused = (409, error_409(state))
            else:
                last_attempt = used + 1 >= state.max_attempts
                try:
                    verdict = quiz_pkg.grade_answer(variant, value, reveal=last_attempt)
                except quiz_pkg.InvalidAnswer as e:
                    refused = (400, str(e))
                else:
                    params = dict(getattr(variant, "params", {}) or {}) or None
                    try:
                        state.store.record(student, question_id, value, verdict,
                                           max_attempts=state.max_attempts, params=params)
                    except quiz_pkg.AlreadyAnswered:
                        refused = (409, error_409(state))
        if refused:
            status, message = refused
            kept = {question_id: (request.form.get("answer") or "")[:MAX_ANSWER_CHARS]}
            return render_quiz(student, status, error=message, error_question=question_id,
                               kept=kept if status == 400 else None)
        return redirect(url_for("quiz") + f"#q-{question_id}", 303)

    # ------------------------------------------------------------- instructor

    @app.get("/instructor")
    def instructor():
        if not session.get("instructor"):
            return page("instructor_login.html")
        return page("instructor.html", **results_table(state), refresh=REFRESH_SECONDS)

    @app.post("/instructor")
    def instructor_login():
        token = (request.form.get("token") or "").strip()
        who = request.remote_addr or "?"
        if failures.blocked(who):
            return page("instructor_login.html", 429, error=too_many)
        if not token or not hmac.compare_digest(token.encode("utf-8", "replace"),
                                                state.instructor_token.encode()):
            failures.failed(who)
            return page("instructor_login.html", 403,
                        error="Wrong instructor token: use the one printed when the server started "
                              "(or [quiz].instructor_token in course.toml).")
        session.clear()
        session["instructor"] = True
        csrf_token()
        return redirect(url_for("instructor"), 303)

    return app


def error_409(state: QuizState) -> str:
    return ("Already answered: this question takes one answer only." if state.max_attempts == 1
            else f"Already answered: this question takes at most {state.max_attempts} answers "
                 "(and none after a right one).")


def results_table(state: QuizState) -> dict:
    """Students x questions for the instructor page (each cell: the best attempt)."""
    columns = [str(q.id) for q in state.bank.questions]
    index = {c: i for i, c in enumerate(columns)}
    answered_per_q = {c: 0 for c in columns}
    correct_per_q = {c: 0 for c in columns}
    everything = getattr(state.store, "all_answers", None)
    if everything is not None:                         # one query for the whole class
        by_student: dict[str, list] = {}
        for row in everything():
            by_student.setdefault(str(_get(row, "student")), []).append(row)
        answers_of = lambda student: by_student.get(student, [])  # noqa: E731
    else:
        answers_of = state.store.answers
    rows = []
    for student in state.students:
        history = _rows_by_question(answers_of(student))
        mine = {str(q.id): q for q in state.variant(student)}
        for qid in history:
            if qid not in index:                       # answered, then dropped from the bank
                index[qid] = len(columns)
                columns.append(qid)
                answered_per_q[qid] = correct_per_q[qid] = 0
        cells, total = [], 0.0
        for c in columns:
            tries = history.get(c)
            if tries:
                best = max(float(_get(t, "score", 0) or 0) for t in tries)
                last = tries[-1]
                mx = float(_get(last, "max_score", 0) or 0)
                ok = any(bool(_get(t, "correct")) for t in tries)
                total += best
                answered_per_q[c] += 1
                correct_per_q[c] += ok
                cells.append({"state": "right" if ok else ("part" if best > 0 else "wrong"),
                              "text": f"{best:g}/{mx:g}", "attempts": len(tries)})
            else:
                cells.append({"state": "open" if c in mine else "none",
                              "text": "·" if c in mine else "", "attempts": 0})
        max_total = sum(float(getattr(q, "points", 0) or 0) for q in mine.values())
        rows.append({"student": student, "cells": cells, "total": total, "max": max_total,
                     "answered": sum(1 for c in cells if c["attempts"])})
    for r in rows:                                     # columns added late: pad earlier rows
        missing = len(columns) - len(r["cells"])
        r["cells"] += [{"state": "none", "text": "", "attempts": 0}] * missing
    return {"columns": columns, "rows": rows, "answered_per_q": answered_per_q,
            "correct_per_q": correct_per_q}


# --------------------------------------------------------------------------- #
# Serving and the command.
# --------------------------------------------------------------------------- #

def quiz_settings(config_path: Path | None) -> tuple[int, dict]:
    """(attempts per question, the whole [quiz] table) of course.toml, the file
    ``grader.course.config.load`` resolves (``--config``, else ./course.toml, else the
    project's).  The server also reads ``secret_key`` and ``instructor_token``."""
    quiz = _quiz()
    try:
        config = quiz.load_quiz_config(config_path)
    except quiz.QuizConfigError as e:
        raise click.ClickException(str(e)) from None
    table: dict = {}
    if config.path is not None:
        data = tomllib.loads(Path(config.path).read_text(encoding="utf-8"))
        table = data.get("quiz", {}) if isinstance(data.get("quiz"), dict) else {}
    for key in ("secret_key", "instructor_token", "title"):
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise click.ClickException(f"{config.path}: [quiz].{key} must be a non-empty string")
    for key in ("secret_key", "instructor_token"):
        if table.get(key) and len(table[key]) < 16:
            raise click.ClickException(f"{config.path}: [quiz].{key} is too short "
                                       "(at least 16 characters)")
    return config.attempts, table


def make_server(app: Flask, host: str = "127.0.0.1", port: int = 8000, threads: int = 16,
                connection_limit: int = 1000):
    """A waitress server bound to ``host`` only (``port`` 0: a free one)."""
    from waitress import create_server
    return create_server(app, host=host, port=port, threads=threads,
                         connection_limit=connection_limit, asyncore_use_poll=True,
                         channel_timeout=60, ident="grader-quiz",
                         clear_untrusted_proxy_headers=True)


def stop_server(server) -> None:
    """Stop a server whose ``run()`` is in another thread: the listening socket,
    the open (keep-alive) connections, then the worker threads."""
    server.close()
    while server._map:
        for channel in list(server._map.values()):
            channel.handle_close()
    server.task_dispatcher.shutdown()


def server_url(server) -> str:
    host, port = server.effective_host, server.effective_port
    if ":" in str(host):
        host = f"[{host}]"
    return f"http://{host}:{port}"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (only this one; 0.0.0.0 opens it to the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--roster", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV of the students' access tokens (columns student,token).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("out/gradebook.db"), show_default=True,
              help="The gradebook the answers are stored in.")
@click.option("--bank", "bank_path", type=click.Path(exists=True, path_type=Path), default=None,
              help="Question bank (default: the course's).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None,
              help="course.toml with a [quiz] table (default: ./course.toml, else the project's).")
@click.option("--max-attempts", type=click.IntRange(1, 100), default=None,
              help="Answers allowed per question "
                   "(default: [quiz].attempts of course.toml, else 1).")
@click.option("--threads", type=click.IntRange(1, 256), default=16, show_default=True,
              help="Worker threads of the web server.")
def serve(host, port, roster, db_path, bank_path, config_path, max_attempts, threads):
    """Serve the quiz on the web: each student signs in with their roster
    token and answers their own variant; answers are graded on the server and
    stored in the gradebook."""
    quiz = _quiz()
    attempts, settings = quiz_settings(config_path)
    if max_attempts:
        attempts = max_attempts
    from grader.course.bundle import BundleMissing
    try:
        bank = quiz.load_bank(bank_path)
    except (quiz.BankError, BundleMissing) as e:
        raise click.ClickException(str(e)) from None
    try:
        tokens = quiz.load_roster(roster)
    except quiz.RosterError as e:
        raise click.ClickException(str(e)) from None
    if not tokens:
        raise click.ClickException(f"the roster {roster} lists no students")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    instructor_token = str(settings.get("instructor_token") or "") or secrets.token_urlsafe(18)
    title = settings.get("title")
    if not title:
        from grader.course import config as course_config
        try:
            title = f"{course_config.load(config_path).name} · quiz"
        except course_config.ConfigError:
            title = None
    app = create_app(bank, db_path, tokens, instructor_token=instructor_token,
                     secret_key=settings.get("secret_key") or None, max_attempts=attempts,
                     title=title)
    try:
        server = make_server(app, host, port, threads=threads)
    except OSError as e:
        raise click.ClickException(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    url = server_url(server)
    click.echo(f"Serving the quiz to {len(set(tokens.values()))} students on {url}/ "
               f"(gradebook: {db_path}; {attempts} attempt(s) per question)")
    if settings.get("instructor_token"):
        click.echo(f"Instructor page: {url}/instructor (token from [quiz].instructor_token)")
    else:
        click.echo(f"Instructor page: {url}/instructor  token: {instructor_token}")
    click.echo("Press Ctrl+C to stop.")
    sys.stdout.flush()

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        app.extensions["quiz"].close()
        click.echo("Stopped.")


if __name__ == "__main__":
    serve()
