"""The SQLite gradebook: the source of truth every report is rendered from.

Each grading of a submission is one row of ``attempts`` (history is kept);
the newest attempt per student is marked current.  Recording an attempt is
one transaction, so a grader killed at any moment leaves either the whole
attempt or none of it, and a re-run picks up where it stopped.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from grader.store.db import connect

SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    student TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    exercises TEXT NOT NULL,          -- which exercises were graded, comma-separated
    submitted_at TEXT,
    graded_at TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    late_penalty REAL NOT NULL,
    current INTEGER NOT NULL DEFAULT 1,
    record TEXT NOT NULL              -- the full StudentResult as JSON
);
CREATE INDEX IF NOT EXISTS attempts_student ON attempts(student, current);
CREATE TABLE IF NOT EXISTS test_results (
    attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    exercise TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    visibility TEXT NOT NULL,
    feedback TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS test_results_attempt ON test_results(attempt_id);
"""

# Instructor review.  Overrides live beside the attempts, never inside them: a regrade writes a
# new attempt and leaves every override where it was.  Rows are never deleted
# (removing one fills its removed_* columns) and every addition and removal is
# appended to override_log, which triggers keep append-only: the audit trail
# of who changed a grade, when and why.  CREATE ... IF NOT EXISTS adds these
# tables to a gradebook.db written before they existed, touching nothing else.

REVIEW_SCHEMA = """
CREATE TABLE IF NOT EXISTS overrides (
    id INTEGER PRIMARY KEY,
    student TEXT NOT NULL,
    exercise TEXT NOT NULL,
    test TEXT,                        -- NULL: the whole exercise
    kind TEXT NOT NULL CHECK (kind IN ('points', 'add')),
    value REAL NOT NULL,
    allow_bonus INTEGER NOT NULL DEFAULT 0,
    comment TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sha256 TEXT NOT NULL,             -- the submission that was reviewed
    auto_score REAL,                  -- the automatic points at that time
    removed_by TEXT,
    removed_at TEXT,
    removed_comment TEXT
);
CREATE INDEX IF NOT EXISTS overrides_student ON overrides(student);
CREATE TABLE IF NOT EXISTS override_log (
    id INTEGER PRIMARY KEY,
    override_id INTEGER NOT NULL,
    student TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('added', 'removed')),
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    comment TEXT NOT NULL,
    override TEXT NOT NULL            -- the override as it was, JSON
);
CREATE INDEX IF NOT EXISTS override_log_student ON override_log(student);
CREATE TRIGGER IF NOT EXISTS override_log_no_update BEFORE UPDATE ON override_log
BEGIN SELECT RAISE(ABORT, 'the override log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS override_log_no_delete BEFORE DELETE ON override_log
BEGIN SELECT RAISE(ABORT, 'the override log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS overrides_no_delete BEFORE DELETE ON overrides
BEGIN SELECT RAISE(ABORT, 'overrides are removed, never deleted'); END;
CREATE TRIGGER IF NOT EXISTS overrides_fixed BEFORE UPDATE OF id, student, exercise, test, kind, value,
    allow_bonus, comment, created_by, created_at, sha256, auto_score ON overrides
BEGIN SELECT RAISE(ABORT, 'an override is never edited: remove it and add another'); END;
"""

OVERRIDE_COLUMNS = ("id", "student", "exercise", "test", "kind", "value", "allow_bonus", "comment",
                    "created_by", "created_at", "sha256", "auto_score", "removed_by", "removed_at",
                    "removed_comment")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Gradebook:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = connect(self.path)
        self.db.executescript(SCHEMA)
        self.db.executescript(REVIEW_SCHEMA)

    def close(self):
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def current_of(self, student: str, sha256: str) -> dict | None:
        """The current record of ``student`` if it graded these exact files."""
        row = self.db.execute(
            "SELECT record FROM attempts WHERE student=? AND current=1 AND sha256=?",
            (student, sha256)).fetchone()
        return json.loads(row[0]) if row else None

    def is_graded(self, student: str, sha256: str, exercises) -> bool:
        """True if the current attempt graded these exact files for all ``exercises``."""
        record = self.current_of(student, sha256)
        return record is not None and set(exercises) <= {ex["name"] for ex in record["exercises"]}

    def record(self, result) -> int:
        """Store one attempt and make it current, in one transaction."""
        rec = result.to_record()
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("UPDATE attempts SET current=0 WHERE student=?", (result.student,))
            cur = self.db.execute(
                "INSERT INTO attempts (student, sha256, exercises, submitted_at, graded_at, score,"
                " max_score, late_penalty, current, record) VALUES (?,?,?,?,?,?,?,?,1,?)",
                (result.student, result.sha256, ",".join(ex.name for ex in result.exercises), result.submitted_at,
                 result.graded_at, result.score, result.max_score, result.late_penalty,
                 json.dumps(rec)))
            attempt = cur.lastrowid
            self.db.executemany(
                "INSERT INTO test_results VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(attempt, ex.name, i, t.name, t.status, t.score, t.max_score, t.visibility,
                  t.feedback, t.details) for ex in result.exercises for i, t in enumerate(ex.tests)])
        return attempt

    def current(self) -> list[dict]:
        """The current attempt of every student, as records, by student id."""
        rows = self.db.execute(
            "SELECT record FROM attempts WHERE current=1 ORDER BY student").fetchall()
        return [json.loads(r[0]) for r in rows]

    def history(self, student: str) -> list[tuple]:
        return self.db.execute(
            "SELECT id, sha256, graded_at, score, current FROM attempts WHERE student=? ORDER BY id",
            (student,)).fetchall()

    # ------------------------------------------------------------ instructor review

    def add_override(self, *, student: str, exercise: str, test: str | None, kind: str, value: float,
                     comment: str, by: str, sha256: str, auto_score: float | None,
                     allow_bonus: bool = False) -> int:
        """Store one override and its 'added' log entry in one transaction; its id."""
        at = _now()
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            cur = self.db.execute(
                "INSERT INTO overrides (student, exercise, test, kind, value, allow_bonus, comment, created_by,"
                " created_at, sha256, auto_score) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (student, exercise, test, kind, float(value), int(bool(allow_bonus)), comment, by, at, sha256,
                 auto_score))
            override_id = cur.lastrowid
            self._log(override_id, "added", at, by, comment)
        return override_id

    def remove_override(self, override_id: int, *, by: str, comment: str) -> dict:
        """Mark an override removed and log it; the override as it was before.
        KeyError if there is no such override, ValueError if it is already removed."""
        at = _now()
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            found = self.override(override_id)
            if found is None:
                raise KeyError(override_id)
            if found["removed_at"]:
                raise ValueError(f"override {override_id} was already removed on {found['removed_at']}")
            self.db.execute("UPDATE overrides SET removed_by=?, removed_at=?, removed_comment=? WHERE id=?",
                            (by, at, comment, override_id))
            self._log(override_id, "removed", at, by, comment)
        return found

    def _log(self, override_id: int, action: str, at: str, by: str, comment: str) -> None:
        self.db.execute(
            "INSERT INTO override_log (override_id, student, action, at, by, comment, override)"
            " SELECT id, student, ?, ?, ?, ?, json_object('exercise', exercise, 'test', test, 'kind', kind,"
            " 'value', value, 'allow_bonus', allow_bonus, 'sha256', sha256, 'auto_score', auto_score)"
            " FROM overrides WHERE id=?", (action, at, by, comment, override_id))

    def override(self, override_id: int) -> dict | None:
        row = self.db.execute(f"SELECT {', '.join(OVERRIDE_COLUMNS)} FROM overrides WHERE id=?",
                              (override_id,)).fetchone()
        return dict(zip(OVERRIDE_COLUMNS, row)) if row else None

    def overrides(self, student: str | None = None, *, removed: bool = False) -> list[dict]:
        """The active overrides (with ``removed``, also the removed ones), oldest first."""
        where, args = [], []
        if student is not None:
            where.append("student=?")
            args.append(student)
        if not removed:
            where.append("removed_at IS NULL")
        sql = f"SELECT {', '.join(OVERRIDE_COLUMNS)} FROM overrides"
        sql += (" WHERE " + " AND ".join(where)) if where else ""
        return [dict(zip(OVERRIDE_COLUMNS, row)) for row in self.db.execute(sql + " ORDER BY id", args)]

    def override_log(self, student: str) -> list[dict]:
        """Every addition and removal of an override of ``student``, oldest first."""
        cols = ("id", "override_id", "student", "action", "at", "by", "comment", "override")
        rows = self.db.execute(f"SELECT {', '.join(cols)} FROM override_log WHERE student=? ORDER BY id",
                               (student,)).fetchall()
        return [dict(zip(cols, row)) | {"override": json.loads(row[-1])} for row in rows]

    def current_record(self, student: str) -> dict | None:
        """The current attempt of one student, or None if never graded."""
        row = self.db.execute("SELECT record FROM attempts WHERE student=? AND current=1", (student,)).fetchone()
        return json.loads(row[0]) if row else None
