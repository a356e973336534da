"""Quiz answers in the gradebook's SQLite file (``DIR/gradebook.db``).

One row per attempt.  ``UNIQUE(student, question_id, attempt)`` plus a
``BEGIN IMMEDIATE`` transaction that counts the attempts already stored and
inserts the next one make "at most ``max_attempts`` attempts, each stored
exactly once" hold when many threads or processes (web workers, terminals)
write at the same time.  The database is in WAL mode, like the gradebook.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from grader.store.db import connect

SCHEMA = """
CREATE TABLE IF NOT EXISTS quiz_answers (
    id INTEGER PRIMARY KEY,
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
    UNIQUE (student, question_id, attempt)
);
CREATE INDEX IF NOT EXISTS quiz_answers_student ON quiz_answers(student, question_id);
"""


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


class QuizStore:
    """Quiz answers in ``db_path`` (created if missing).  Thread- and process-safe: every
    method opens its own short-lived connection."""

    def __init__(self, db_path: str | Path):
        self.path = Path(db_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = connect(self.path)
        try:
            db.executescript(SCHEMA)
        finally:
            db.close()

    def _db(self) -> sqlite3.Connection:
        return connect(self.path)

    def record(self, student: str, question_id: str, answer, verdict, max_attempts: int = 1,
               params: dict | None = None) -> int:
        """Store one graded attempt; returns its number.  Raises ``AlreadyAnswered``."""
        if not isinstance(max_attempts, int) or isinstance(max_attempts, bool) or max_attempts < 1:
            raise ValueError(f"max_attempts must be an integer >= 1, got {max_attempts!r}")
        try:
            answer_json = json.dumps(answer)
        except TypeError:
            answer_json = json.dumps(str(answer))
        db = self._db()
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                used, solved = db.execute(
                    "SELECT COUNT(*), COALESCE(MAX(correct), 0) FROM quiz_answers"
                    " WHERE student=? AND question_id=?", (student, question_id)).fetchone()
                if used >= max_attempts or solved:
                    raise AlreadyAnswered(student, question_id, used, max_attempts, bool(solved))
                attempt = used + 1
                db.execute(
                    "INSERT INTO quiz_answers (student, question_id, attempt, answer, correct,"
                    " score, max_score, feedback, params, answered_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (student, question_id, attempt, answer_json, int(bool(verdict.correct)),
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
        finally:
            db.close()
        return attempt

    def attempts(self, student: str, question_id: str) -> tuple[int, float, bool]:
        """``(attempts used, best score so far, answered correctly)``."""
        db = self._db()
        try:
            used, best, solved = db.execute(
                "SELECT COUNT(*), COALESCE(MAX(score), 0), COALESCE(MAX(correct), 0)"
                " FROM quiz_answers WHERE student=? AND question_id=?",
                (student, question_id)).fetchone()
        finally:
            db.close()
        return int(used), float(best), bool(solved)

    def answers(self, student: str) -> list[dict]:
        """Every stored attempt of ``student``, oldest first."""
        db = self._db()
        try:
            rows = db.execute(
                "SELECT student, question_id, attempt, answer, correct, score, max_score,"
                " feedback, params, answered_at FROM quiz_answers WHERE student=?"
                " ORDER BY id", (student,)).fetchall()
        finally:
            db.close()
        return [_row(r) for r in rows]

    def all_answers(self) -> list[dict]:
        db = self._db()
        try:
            rows = db.execute(
                "SELECT student, question_id, attempt, answer, correct, score, max_score,"
                " feedback, params, answered_at FROM quiz_answers ORDER BY id").fetchall()
        finally:
            db.close()
        return [_row(r) for r in rows]

    def results(self) -> list[dict]:
        """One row per student: score (sum of best per question), max_score (sum over the
        answered questions), answered, correct, last_answered_at; by student id."""
        db = self._db()
        try:
            rows = db.execute(_BEST_SQL + """
                SELECT student, SUM(best), SUM(max_score), COUNT(*), SUM(solved), MAX(last)
                FROM best GROUP BY student ORDER BY student""").fetchall()
        finally:
            db.close()
        return [{"student": s, "score": float(sc), "max_score": float(mx), "answered": int(n),
                 "correct": int(c), "last_answered_at": last}
                for s, sc, mx, n, c, last in rows]


_BEST_SQL = """
    WITH best AS (
        SELECT student, question_id, MAX(score) AS best, MAX(max_score) AS max_score,
               MAX(correct) AS solved, MAX(answered_at) AS last
        FROM quiz_answers GROUP BY student, question_id)
"""


def _row(r) -> dict:
    keys = ("student", "question_id", "attempt", "answer", "correct", "score", "max_score",
            "feedback", "params", "answered_at")
    d = dict(zip(keys, r))
    d["answer"] = json.loads(d["answer"])
    d["params"] = json.loads(d["params"])
    d["correct"] = bool(d["correct"])
    return d


def quiz_scores(db: str | Path, total: float | None = None) -> dict[str, tuple[float, float]]:
    """``{student: (score, max_score)}`` from the quiz answers in gradebook ``db``.

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
        rows = conn.execute(_BEST_SQL + "SELECT student, SUM(best), SUM(max_score) FROM best"
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
