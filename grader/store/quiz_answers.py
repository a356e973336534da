"""Quiz answers in the gradebook's SQLite file (``DIR/gradebook.db``).

One row per attempt, under the quiz it was given in (``quiz``; '' for the
whole-bank practice quiz).  ``UNIQUE(quiz, student, question_id, attempt)``
plus a ``BEGIN IMMEDIATE`` transaction that counts the attempts already
stored and inserts the next one make "at most ``max_attempts`` attempts, each
stored exactly once" hold when many threads or processes (web workers,
terminals) write at the same time.  The database is in WAL mode, like the
gradebook.

Beside the answers: ``quiz_sittings`` (when a student started and finished
a named quiz: the server-side timer) and ``quiz_extensions`` (more time or a
later closing for one student, with who granted it and why).
"""
from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path

from grader.store.db import connect

SCHEMA = """
CREATE TABLE IF NOT EXISTS quiz_answers (
    id INTEGER PRIMARY KEY,
    quiz TEXT NOT NULL DEFAULT '',    -- the named quiz, '' for the whole bank
    student TEXT NOT NULL,
    question_id TEXT NOT NULL,
    attempt INTEGER NOT NULL CHECK (attempt >= 1),
    answer TEXT NOT NULL,             -- the submitted answer, JSON
    correct INTEGER NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    feedback TEXT NOT NULL DEFAULT '',
    params TEXT NOT NULL DEFAULT '{}',-- the student's drawn numbers, JSON
    answered_at TEXT NOT NULL,
    UNIQUE (quiz, student, question_id, attempt)
);
CREATE INDEX IF NOT EXISTS quiz_answers_student ON quiz_answers(quiz, student, question_id);
CREATE TABLE IF NOT EXISTS quiz_sittings (
    quiz TEXT NOT NULL,
    student TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    PRIMARY KEY (quiz, student)
);
CREATE TABLE IF NOT EXISTS quiz_extensions (
    id INTEGER PRIMARY KEY,
    quiz TEXT NOT NULL,
    student TEXT NOT NULL,
    extra_minutes REAL NOT NULL DEFAULT 0,  -- added to the time limit
    closes TEXT,                             -- a later closing time for this student
    granted_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    granted_at TEXT NOT NULL
);
"""
COLUMNS = ("student", "question_id", "attempt", "answer", "correct", "score", "max_score",
           "feedback", "params", "answered_at", "quiz")


class AlreadyAnswered(Exception):
    """The student may not submit another answer to this question."""

    def __init__(self, student, question_id, attempts, max_attempts, solved=False):
        self.student, self.question_id = student, question_id
        self.attempts, self.max_attempts, self.solved = attempts, max_attempts, solved
        if solved:
            why = "already answered it correctly"
        else:
            why = (f"already used {attempts} of {max_attempts} "
                   f"attempt{'s' if max_attempts != 1 else ''}")
        super().__init__(f"{student} {why} on question {question_id}; the answer was not stored")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _stamp(at: datetime | None) -> str:
    return at.astimezone(timezone.utc).isoformat(timespec="seconds") if at else _now()


def _migrate(db: sqlite3.Connection) -> None:
    """Answers stored before named quizzes (no ``quiz`` column) become answers to the
    whole-bank quiz ''; the table is rebuilt once because the UNIQUE key changes."""
    columns = [r[1] for r in db.execute("PRAGMA table_info(quiz_answers)")]
    if not columns or "quiz" in columns:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("ALTER TABLE quiz_answers RENAME TO quiz_answers_old")
        db.execute("DROP INDEX IF EXISTS quiz_answers_student")
        db.execute(SCHEMA.split(";")[0])  # CREATE TABLE quiz_answers (no ";" inside)
        old = ", ".join(c for c in COLUMNS if c != "quiz")
        db.execute(f"INSERT INTO quiz_answers (id, {old}) SELECT id, {old} FROM quiz_answers_old")
        db.execute("DROP TABLE quiz_answers_old")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


class QuizStore:
    """Quiz answers in ``db_path`` (created if missing).  Thread- and process-safe: each
    thread keeps its own connection (opening one per call costs more than the query)."""

    def __init__(self, db_path: str | Path):
        self.path = Path(db_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        db = connect(self.path)
        try:
            _migrate(db)
            db.executescript(SCHEMA)
        finally:
            db.close()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = connect(self.path)
        return db

    def record(self, student: str, question_id: str, answer, verdict, max_attempts: int = 1,
               params: dict | None = None, quiz: str = "") -> int:
        """Store one graded attempt; returns its number.  Raises ``AlreadyAnswered``."""
        if not isinstance(max_attempts, int) or isinstance(max_attempts, bool) or max_attempts < 1:
            raise ValueError(f"max_attempts must be an integer >= 1, got {max_attempts!r}")
        try:
            answer_json = json.dumps(answer)
        except TypeError:
            answer_json = json.dumps(str(answer))
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            used, solved = db.execute(
                "SELECT COUNT(*), COALESCE(MAX(correct), 0) FROM quiz_answers"
                " WHERE quiz=? AND student=? AND question_id=?",
                (quiz, student, question_id)).fetchone()
            if used >= max_attempts or solved:
                raise AlreadyAnswered(student, question_id, used, max_attempts, bool(solved))
            attempt = used + 1
            db.execute(
                "INSERT INTO quiz_answers (quiz, student, question_id, attempt, answer, correct,"
                " score, max_score, feedback, params, answered_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (quiz, student, question_id, attempt, answer_json, int(bool(verdict.correct)),
                 float(verdict.score), float(verdict.max_score), verdict.feedback or "",
                 json.dumps(params or {}), _now()))
            db.execute("COMMIT")
        except sqlite3.IntegrityError:
            db.execute("ROLLBACK")
            raise AlreadyAnswered(student, question_id, max_attempts, max_attempts) from None
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return attempt

    def attempts(self, student: str, question_id: str, quiz: str = "") -> tuple[int, float, bool]:
        """``(attempts used, best score so far, answered correctly)``."""
        used, best, solved = self._db().execute(
            "SELECT COUNT(*), COALESCE(MAX(score), 0), COALESCE(MAX(correct), 0)"
            " FROM quiz_answers WHERE quiz=? AND student=? AND question_id=?",
            (quiz, student, question_id)).fetchone()
        return int(used), float(best), bool(solved)

    def answers(self, student: str, quiz: str | None = "") -> list[dict]:
        """Every stored attempt of ``student`` in ``quiz`` (None: in every quiz), oldest first."""
        sql = f"SELECT {', '.join(COLUMNS)} FROM quiz_answers WHERE student=?"
        args: tuple = (student,)
        if quiz is not None:
            sql, args = sql + " AND quiz=?", (student, quiz)
        return [_row(r) for r in self._db().execute(sql + " ORDER BY id", args).fetchall()]

    def all_answers(self, quiz: str | None = "") -> list[dict]:
        """Every stored attempt of ``quiz`` (None: of every quiz), oldest first."""
        sql = f"SELECT {', '.join(COLUMNS)} FROM quiz_answers"
        if quiz is None:
            rows = self._db().execute(sql + " ORDER BY id").fetchall()
        else:
            rows = self._db().execute(sql + " WHERE quiz=? ORDER BY id", (quiz,)).fetchall()
        return [_row(r) for r in rows]

    def results(self, quiz: str = "") -> list[dict]:
        """One row per student of ``quiz``: score (sum of best per question), max_score (sum
        over the answered questions), answered, correct, last_answered_at; by student id."""
        rows = self._db().execute(_BEST_SQL + """
            SELECT student, SUM(best), SUM(max_score), COUNT(*), SUM(solved), MAX(last)
            FROM best WHERE quiz=? GROUP BY student ORDER BY student""", (quiz,)).fetchall()
        return [{"student": s, "score": float(sc), "max_score": float(mx), "answered": int(n),
                 "correct": int(c), "last_answered_at": last}
                for s, sc, mx, n, c, last in rows]

    # ------------------------------------------------------------ sittings (the timer)

    def start(self, quiz: str, student: str, at: datetime | None = None) -> str:
        """Record that ``student`` started ``quiz`` (once: a second call keeps the first
        time) and return the start time (ISO text, UTC)."""
        db = self._db()
        db.execute("INSERT OR IGNORE INTO quiz_sittings (quiz, student, started_at)"
                   " VALUES (?,?,?)", (quiz, student, _stamp(at)))
        return db.execute("SELECT started_at FROM quiz_sittings WHERE quiz=? AND student=?",
                          (quiz, student)).fetchone()[0]

    def finish(self, quiz: str, student: str, at: datetime | None = None) -> None:
        """Record that ``student`` handed ``quiz`` in (only the first time counts)."""
        self._db().execute("UPDATE quiz_sittings SET finished_at=? WHERE quiz=? AND student=?"
                           " AND finished_at IS NULL", (_stamp(at), quiz, student))

    def sitting(self, quiz: str, student: str) -> tuple[str, str | None] | None:
        """``(started_at, finished_at or None)``, or None if not started."""
        row = self._db().execute("SELECT started_at, finished_at FROM quiz_sittings"
                                 " WHERE quiz=? AND student=?", (quiz, student)).fetchone()
        return tuple(row) if row else None

    def sittings(self, quiz: str) -> dict[str, tuple[str, str | None]]:
        rows = self._db().execute("SELECT student, started_at, finished_at FROM quiz_sittings"
                                  " WHERE quiz=?", (quiz,)).fetchall()
        return {s: (a, b) for s, a, b in rows}

    # ------------------------------------------------------------ extensions

    def extend(self, quiz: str, student: str, *, granted_by: str, reason: str,
               extra_minutes: float = 0.0, closes: datetime | None = None,
               at: datetime | None = None) -> None:
        """Give ``student`` more time on ``quiz`` and/or a later closing time."""
        if not granted_by.strip() or not reason.strip():
            raise ValueError("an extension records who granted it and why")
        if extra_minutes < 0 or (extra_minutes == 0 and closes is None):
            raise ValueError("an extension gives more minutes or a later closing time")
        self._db().execute(
            "INSERT INTO quiz_extensions (quiz, student, extra_minutes, closes, granted_by,"
            " reason, granted_at) VALUES (?,?,?,?,?,?,?)",
            (quiz, student, float(extra_minutes), _stamp(closes) if closes else None,
             granted_by.strip(), reason.strip(), _stamp(at)))

    def extensions(self, quiz: str, student: str | None = None) -> list[dict]:
        sql = ("SELECT student, extra_minutes, closes, granted_by, reason, granted_at"
               " FROM quiz_extensions WHERE quiz=?")
        args: tuple = (quiz,)
        if student is not None:
            sql, args = sql + " AND student=?", (quiz, student)
        keys = ("student", "extra_minutes", "closes", "granted_by", "reason", "granted_at")
        return [dict(zip(keys, r)) for r in self._db().execute(sql + " ORDER BY id", args)]


_BEST_SQL = """
    WITH best AS (
        SELECT quiz, student, question_id, MAX(score) AS best, MAX(max_score) AS max_score,
               MAX(correct) AS solved, MAX(answered_at) AS last
        FROM quiz_answers GROUP BY quiz, student, question_id)
"""


def _row(r) -> dict:
    d = dict(zip(COLUMNS, r))
    d["answer"] = json.loads(d["answer"])
    d["params"] = json.loads(d["params"])
    d["correct"] = bool(d["correct"])
    return d


def quiz_scores(db: str | Path, total: float | None = None) -> dict[str, tuple[float, float]]:
    """``{student: (score, max_score)}`` of the whole-bank quiz in gradebook ``db``
    (named quizzes: ``grader.quiz.scores.per_quiz_scores``).

    score: the sum over questions of the student's best attempt.  max_score: ``total`` if
    given, else the bank's total points, else (no bank here) the sum of the answered
    questions' maxima.  No database, or none with quiz answers: ``{}``.
    """
    path = Path(db)
    if not path.is_file():
        return {}
    conn = connect(path)
    try:
        has = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='quiz_answers'"
                           ).fetchone()
        if not has:
            return {}
        columns = [r[1] for r in conn.execute("PRAGMA table_info(quiz_answers)")]
        where = " WHERE quiz=''" if "quiz" in columns else ""
        best = _BEST_SQL if where else _BEST_SQL.replace("quiz, ", "")
        rows = conn.execute(best + f"SELECT student, SUM(best), SUM(max_score) FROM best{where}"
                            " GROUP BY student ORDER BY student").fetchall()
    finally:
        conn.close()
    if total is None and rows:
        try:
            from grader.quiz.bank import load_bank
            total = load_bank().total_points
        except Exception:  # noqa: BLE001 - no bank on this machine: fall back to answered max
            total = None
    return {s: (round(float(sc), 6), float(total) if total is not None else float(mx))
            for s, sc, mx in rows}
